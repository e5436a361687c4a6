/**
 * A wire sends one HTTP exchange and never follows a redirect (the lifecycle applies the SDK's
 * redirect policy). In Node.js the wires are node:http and undici (src/node/); elsewhere, or when
 * the caller passes `fetch`, it is fetch with `redirect: "manual"`. Every wire answers with an
 * `Answer`: status, headers and a body read on demand; a WHATWG Response is built only when the
 * caller asks for one.
 */
import type { BodySource } from "./body.js";

/** One exchange's request, as every wire takes it: plain data, safe to send again. */
export interface WireRequest {
  /** `https://backend.alli.ai`: scheme, host and port. */
  origin: string;
  /** The path and query, from the first `/`. */
  path: string;
  method: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
}

/**
 * What stops an exchange: the request's attempt (see lifecycle.ts), shaped like an AbortSignal
 * so that undici takes it as one, and strongly held by the attempt for its whole life.
 */
export interface StopSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: "abort", listener: () => void): void;
  removeEventListener(type: "abort", listener: () => void): void;
  /** Calls `listener` when the exchange is to stop (a wire closing its connection). */
  whenStopped(listener: () => void): void;
}

export type Wire = (request: WireRequest, stop: StopSignal) => Promise<Answer>;

/** Reads headers by name: a WHATWG Headers, or a Node header object. */
export interface HeaderReader {
  get(name: string): string | null;
  forEach(callback: (value: string, name: string) => void): void;
}

/** Raw header values by lower-case name, as Node gives them. */
export type RawHeaders = Record<string, string | string[] | undefined>;

/** The read side of Headers over Node's raw header object. */
export class NodeHeaders implements HeaderReader {
  constructor(readonly raw: RawHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const name in this.raw) {
      const value = this.get(name);
      if (value !== null) callback(value, name);
    }
  }
}

/** Statuses that carry no body, whatever their headers say. */
export const NULL_BODY = new Set([101, 204, 205, 304]);

/** A response as a wire gives it. */
export class Answer {
  #response: Response | undefined;

  /** `sent`: the Response a fetch wire got, or the headers as a Node server sent them (before decoding). */
  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly headers: HeaderReader,
    public body: BodySource | null,
    private readonly sent?: Response | RawHeaders,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** The caller's view: a real Response with this status and headers (its body is what the SDK reads). */
  toResponse(): Response {
    if (this.sent instanceof Response) return this.sent;
    if (this.#response) return this.#response;
    const headers = new Headers();
    for (const [name, value] of Object.entries(this.sent ?? {})) {
      for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
    }
    // A Response cannot be built with a status below 200.
    const init = { status: Math.max(200, this.status), statusText: this.statusText, headers };
    return (this.#response = new Response(null, init));
  }

  /** Lets the body go unread: destroyed, not drained, so a stalled body cannot keep the connection. */
  discard(): void {
    const body = this.body;
    this.body = null;
    if (body instanceof ReadableStream) body.cancel().catch(() => {});
    else (body as { destroy?(): void } | null)?.destroy?.();
  }
}

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

/** A wire over a fetch function; it gets a real AbortSignal, aborted when the attempt stops. */
export function fetchWire(fetchFn: FetchFunction): Wire {
  return async (request, stop) => {
    const controller = new AbortController();
    stop.whenStopped(() => controller.abort(stop.reason));
    const init = { method: request.method, headers: request.headers, body: request.body, signal: controller.signal };
    const response = (await fetchFn(request.origin + request.path, { ...init, redirect: "manual" })) as Response;
    // A browser hides where a redirect leads (an opaque redirect, status 0): the lifecycle refuses it.
    return new Answer(response.status, response.statusText, response.headers, response.body, response);
  };
}
