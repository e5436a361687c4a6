/**
 * A wire sends one HTTP exchange and never follows a redirect (the lifecycle applies the SDK's
 * redirect policy). In Node.js the client's wire is an undici dispatcher (src/node/); elsewhere,
 * or when the caller passes `fetch`, it is fetch with `redirect: "manual"`.
 */
import type { WireRequest } from "./outgoing.js";
import type { WireResponse } from "./wire-response.js";

/** What a wire answers with: a WHATWG Response (fetch) or the SDK's lighter WireResponse. */
export type WireAnswer = Response | WireResponse;

export type Wire = (request: WireRequest, signal: AbortSignal) => Promise<WireAnswer>;

/**
 * The shape of the `fetch` option: called like the global fetch, as `fetch(url, init)` with a
 * string URL and a plain init (method, headers as a plain object, a string or bytes body, signal,
 * `redirect: "manual"`), so that the global fetch, undici's and most fetch-alikes can be passed.
 */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

/** A wire over a fetch function. */
export function fetchWire(fetchFn: FetchFunction): Wire {
  return (request, signal) =>
    fetchFn(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body as BodyInit | undefined,
      signal,
      redirect: "manual",
    });
}
