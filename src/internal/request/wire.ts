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
export type FetchFunction = (url: string, init: FetchInit) => Promise<FetchResponse>;

/** What a `fetch` option must resolve with: a WHATWG Response, or one of another realm (undici's). */
export interface FetchResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly type?: string;
  readonly headers: { get(name: string): string | null; forEach(callback: (value: string, name: string) => void): void };
  /** A web ReadableStream (of this realm or of node:stream/web, whose types differ). */
  readonly body: object | null;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
  blob(): Promise<object>;
}

/** The init a `fetch` option is called with. */
export interface FetchInit {
  method: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
  signal: AbortSignal;
  redirect: "manual";
}

/** A wire over a fetch function; what it resolves with is used as a Response. */
export function fetchWire(fetchFn: FetchFunction): Wire {
  return (request, signal) =>
    (fetchFn as (url: string, init: FetchInit) => Promise<Response>)(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
      redirect: "manual",
    });
}
