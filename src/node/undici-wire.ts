/**
 * Node only: the client's wire on an undici Dispatcher: a keep-alive pool (or the caller's own
 * dispatcher, or a proxy agent from the environment), compressed bodies decoded, and bodies on
 * any method, the two documented GETs that carry one included. Redirects are left to the SDK.
 */
import type { Readable } from "node:stream";
import { pipeline } from "node:stream";
import { constants, createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { Agent, EnvHttpProxyAgent, type Dispatcher } from "undici";
import type { ProxySettings } from "../internal/request/proxy-settings.js";
import type { Wire } from "../internal/request/wire.js";
import { WireResponse, type RawHeaders } from "../internal/request/wire-response.js";

/** The dispatcher a client owns when the caller passes none: a proxy agent when the environment names a proxy, else a pool. */
export function createDispatcher(proxy: ProxySettings): Dispatcher {
  if (!proxy.httpProxy && !proxy.httpsProxy) return new Agent();
  // Empty strings, not undefined: the agent would otherwise read process.env again when it is
  // made, and the settings are the ones read when the client was created.
  return new EnvHttpProxyAgent({ httpProxy: proxy.httpProxy ?? "", httpsProxy: proxy.httpsProxy ?? "", noProxy: proxy.noProxy ?? "" });
}

/** What fetch asks for, so that a server compresses for the SDK as it would for fetch (a CSV export shrinks tenfold). */
const ACCEPT_ENCODING = "gzip, deflate, br";

// Lenient at the end, as fetch is: an empty or cut compressed body is what arrived of it (a cut
// against Content-Length is still an error of the body itself).
const LENIENT = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: () => createGunzip(LENIENT),
  "x-gzip": () => createGunzip(LENIENT),
  deflate: () => createInflate(LENIENT),
  br: () => createBrotliDecompress({ flush: constants.BROTLI_OPERATION_FLUSH, finishFlush: constants.BROTLI_OPERATION_FLUSH }),
};

/** Statuses that carry no body, whatever their headers say. */
const NO_BODY = new Set([204, 205, 304]);

/**
 * The body, decoded when the server compressed it with encodings the SDK knows (then
 * Content-Encoding and Content-Length, which describe the compressed bytes, are dropped).
 */
function decoded(status: number, body: Readable, headers: RawHeaders): Readable {
  const header = headers["content-encoding"];
  if (NO_BODY.has(status) || headers["content-length"] === "0") return body;
  if (typeof header !== "string" || header === "identity") return body;
  const codings = header.toLowerCase().split(",").map((coding) => coding.trim()).filter((coding) => coding && coding !== "identity");
  if (codings.length === 0 || codings.length > 2 || !codings.every((coding) => coding in DECODERS)) return body;
  delete headers["content-encoding"];
  delete headers["content-length"];
  // Applied in the reverse order of the header's list; an error anywhere destroys the whole chain.
  const stages = codings.reverse().map((coding) => DECODERS[coding]!());
  const out = (pipeline as (...streams: unknown[]) => Readable)(body, ...stages, () => {});
  // Unread (a body nobody asks for), a decoder's error must not become an uncaught exception.
  out.on("error", () => {});
  return out;
}

/** The wire over a dispatcher. */
export function undiciWire(dispatcher: Dispatcher): Wire {
  return async (request, signal) => {
    const url = new URL(request.url);
    const headers = request.headers["accept-encoding"] === undefined ? { ...request.headers, "accept-encoding": ACCEPT_ENCODING } : request.headers;
    const { statusCode, statusText, headers: responseHeaders, body } = await dispatcher.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: request.method as Dispatcher.HttpMethod,
      headers,
      body: request.body,
      signal,
    });
    // An abort destroys the body with an error: whoever reads it hears that; unread, it must not
    // become an uncaught exception.
    body.on("error", () => {});
    // The caller's Response keeps the headers as the server sent them; the SDK reads the decoded view.
    const sent = { ...responseHeaders };
    return new WireResponse(statusCode, statusText ?? "", responseHeaders, decoded(statusCode, body, responseHeaders), sent);
  };
}
