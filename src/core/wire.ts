/** A wire sends one exchange and follows no redirect (lifecycle.ts does): node:http or undici in Node, else fetch. */
import type { BodySource } from "./body.js";

/** One exchange's request, plain data safe to send again: `origin` is `https://host:port`, `headers` lower-case. */
export type WireRequest = Pick<FetchInit, "method" | "headers"> & { origin: string; path: string; body?: SentBody };
type SentBody = string | Uint8Array<ArrayBuffer> | Blob;
/** What stops an exchange: its Attempt (lifecycle.ts), shaped like an AbortSignal so undici takes it. */
export interface StopSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: "abort", listener: () => void): void;
  removeEventListener(type: "abort", listener: () => void): void;
  /** Calls `listener` when the exchange is to stop (a wire closing its connection). */
  whenStopped(listener: () => void): void;
}
export type Wire = (request: WireRequest, stop: StopSignal) => Promise<Answer>;
/** Reads headers by name: a WHATWG Headers, or a Node header object's view. */
export type HeaderReader = { get(key: string): string | null; forEach(fn: (value: string, key: string) => void): void };
/** Raw header values by lower-case name, as Node gives them. */
export type RawHeaders = Record<string, string | string[] | undefined>;
/** Statuses that carry no body, whatever their headers say. */
export const NULL_BODY = new Set([101, 204, 205, 304]);
/** A response as a wire gives it; `sent` is a fetch wire's Response, or a Node server's headers before decoding. */
export class Answer {
  #response: Response | undefined;
  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly headers: HeaderReader,
    public body: BodySource | null,
    private readonly sent?: Response | RawHeaders,
  ) {}
  /** The caller's view: a real Response with this status and headers (its body is what the SDK reads). */
  toResponse(): Response {
    // A fetch wire's own Response (of this realm or another, such as undici's).
    if (typeof this.sent?.status === "number") return this.sent as Response;
    if (!this.#response) {
      const headers = new Headers();
      for (const [name, value] of Object.entries((this.sent ?? {}) as RawHeaders))
        for (const v of typeof value === "string" ? [value] : (value ?? [])) headers.append(name, v);
      // A Response cannot be built with a status below 200.
      this.#response = new Response(null, { status: Math.max(200, this.status), statusText: this.statusText, headers });
    }
    return this.#response;
  }
  /** Lets the body go unread: destroyed, not drained, so a stalled body cannot keep the connection. */
  discard(): void {
    const body = this.body as (BodySource & { destroy?(): void }) | null;
    this.body = null;
    if (body instanceof ReadableStream) body.cancel().catch(() => {});
    else body?.destroy?.();
  }
}
/** The `fetch` option, called with a string URL and a plain init: the global fetch, undici's and most others fit. */
export type FetchFunction = (url: string, init: FetchInit) => Promise<FetchResponse>;
/** What a `fetch` option resolves with: a WHATWG Response, or one of another realm (undici's). */
export interface FetchResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: {
    get(name: string): string | null;
    forEach(callback: (value: string, name: string) => void): void;
  };
  /** A web ReadableStream (of this realm or of node:stream/web, whose types differ). */
  readonly body: object | null;
  /** Read when there is no `body` stream. */
  arrayBuffer?(): Promise<ArrayBuffer>;
}
/** The init a `fetch` option is called with; header names are lower-case. */
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  /** A form (files) is a Blob, read again from its start each time it is sent; typed so that the fetch of either realm
   * (the DOM's, undici's) takes it, their Blobs' streams being typed apart. */
  body?: string | Uint8Array<ArrayBuffer> | (Omit<Blob, "stream" | "slice"> & { stream(): never; slice(): never });
  signal: AbortSignal;
  redirect: "manual";
}
/** A wire over a fetch function; it gets a real AbortSignal, aborted when the attempt stops. */
export function fetchWire(fetchFn: FetchFunction): Wire {
  return async ({ origin, path, method, headers, body }, stop) => {
    const controller = new AbortController();
    stop.whenStopped(() => controller.abort(stop.reason));
    const init: FetchInit = { method, headers, body: body as never, signal: controller.signal, redirect: "manual" };
    const response = (await fetchFn(origin + path, init)) as Response;
    // A fetch-alike without a body stream (a test double) may still read whole.
    const read = async function* () {
      yield new Uint8Array(await response.arrayBuffer());
    };
    const stream = response.body ?? (typeof response.arrayBuffer === "function" ? read() : null);
    return new Answer(response.status, response.statusText, response.headers, stream, response);
  };
}
