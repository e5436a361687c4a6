/**
 * Node only: a wire on node:http and node:https with keep-alive agents. It is what a Node.js
 * client sends with until undici is loaded (the npm undici costs a cold start over 100 ms), and
 * what Bun and Deno send the two documented GETs that carry a body with. It follows no redirect.
 */
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { Wire } from "../core/wire.js";
import { ACCEPT_ENCODING, nodeAnswer } from "./node-answer.js";

interface Target {
  secure: boolean;
  hostname: string;
  port: string;
}

/** A wire with its own connection pools (one for http, one for https). */
export function httpWire(): Wire {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  const targets = new Map<string, Target>();
  const targetOf = (origin: string): Target => {
    let target = targets.get(origin);
    if (!target) {
      const url = new URL(origin);
      // node:http takes an IPv6 address without its brackets.
      target = {
        secure: url.protocol === "https:",
        hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
        port: url.port,
      };
      targets.set(origin, target);
    }
    return target;
  };
  return (request, stop) =>
    new Promise((resolve, reject) => {
      const { secure, hostname, port } = targetOf(request.origin);
      const headers: Record<string, string> = { "accept-encoding": ACCEPT_ENCODING, ...request.headers };
      // node:http frames a GET's body only by Content-Length (it does not chunk a GET).
      if (request.body !== undefined) headers["content-length"] = String(Buffer.byteLength(request.body));
      const options = { hostname, port, path: request.path, method: request.method, headers };
      const outgoing = (secure ? httpsRequest : httpRequest)(
        { ...options, agent: secure ? agents.https : agents.http },
        (incoming) =>
          resolve(nodeAnswer(incoming.statusCode ?? 0, incoming.statusMessage ?? "", incoming.headers, incoming)),
      );
      // Stopping the attempt closes the connection, before or after the answer's headers.
      stop.whenStopped(() => outgoing.destroy());
      outgoing.on("error", reject);
      outgoing.end(request.body);
    });
}
