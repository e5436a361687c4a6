/**
 * For runtimes whose fetch refuses a body on a GET and that have no undici of their own (Bun,
 * Deno): the two documented GETs that carry a JSON body go through node:http / node:https, which
 * both provide. Like every wire it follows no redirect.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Wire } from "../internal/request/wire.js";
import { WireResponse } from "../internal/request/wire-response.js";

export const nodeHttpWire: Wire = (request, signal) =>
  new Promise((resolve, reject) => {
    const send = request.url.startsWith("https:") ? httpsRequest : httpRequest;
    // node:http frames a GET's body only by Content-Length (it does not chunk a GET).
    const headers = request.body === undefined ? request.headers : { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) };
    const outgoing = send(request.url, { method: request.method, headers, signal }, (incoming) => {
      // An abort destroys the body with an error: a reader hears it; unread, it must not crash.
      incoming.on("error", () => {});
      resolve(new WireResponse(incoming.statusCode ?? 0, incoming.statusMessage ?? "", incoming.headers, incoming));
    });
    outgoing.on("error", reject);
    outgoing.end(request.body);
  });
