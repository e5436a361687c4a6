/**
 * A response as a wire that is not `fetch` gives it (undici's dispatcher, node:http): status,
 * headers and a body read on demand, with the few Response methods openapi-fetch and the SDK use.
 * Building a WHATWG Response per call (a Headers copy, a web stream) costs more than the request
 * itself, so a real Response is made only when the caller asks for `response` (`toResponse()`).
 */
import { BodyTooLarge, collectTextUpTo, limitedStream } from "../read-limited.js";
import { iterableOf, toWebStream, type BodySource } from "./body-source.js";

/** What the SDK reads of a response's headers: a WHATWG Headers, or WireHeaders. */
export interface HeaderReader {
  get(name: string): string | null;
  forEach(callback: (value: string, name: string) => void): void;
}

/** What the SDK reads of a response: a WHATWG Response, or WireResponse. */
export interface ResponseReader {
  readonly status: number;
  readonly statusText: string;
  readonly headers: HeaderReader;
  readonly body: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
}

/** Raw header values by lower-case name, as Node gives them. */
export type RawHeaders = Record<string, string | string[] | undefined>;

/** The read side of Headers, over Node's raw header object. */
export class WireHeaders implements HeaderReader {
  constructor(private readonly raw: RawHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const name of Object.keys(this.raw)) {
      const value = this.get(name);
      if (value !== null) callback(value, name);
    }
  }

  /** As a WHATWG Headers (values repeated as Node received them). */
  toHeaders(): Headers {
    const headers = new Headers();
    for (const [name, value] of Object.entries(this.raw)) {
      for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
    }
    return headers;
  }
}

/** The body as the wire gave it: async-iterable bytes, possibly with undici's fast readers. */
type WireBody = AsyncIterable<Uint8Array> & {
  text?(): Promise<string>;
  destroy?(error?: Error): void;
  on?(event: "error", listener: () => void): void;
};

export class WireResponse implements ResponseReader {
  readonly headers: WireHeaders;
  private source: BodySource | null;
  private webBody: ReadableStream<Uint8Array> | null | undefined;
  private built: Response | undefined;
  private used = false;
  /** The most the body may hold when read whole (`maxResponseBytes`); set by the lifecycle. */
  maxBytes = Number.POSITIVE_INFINITY;

  /** `sentHeaders`: the headers as the server sent them (before decoding dropped Content-Encoding), for `toResponse()`. */
  constructor(
    readonly status: number,
    readonly statusText: string,
    headers: RawHeaders,
    body: WireBody | null,
    private readonly sentHeaders: RawHeaders = headers,
  ) {
    this.headers = new WireHeaders(headers);
    this.source = body;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** Replaces the body (the lifecycle's watched body for a streamed response). */
  setBody(body: ReadableStream<Uint8Array>): void {
    this.source = body;
    this.webBody = body;
  }

  /** The body as a web stream, made on first use. */
  get body(): ReadableStream<Uint8Array> | null {
    if (this.webBody === undefined) {
      const source = this.take();
      this.webBody = source === null ? null : source instanceof ReadableStream ? source : toWebStream(source);
    }
    return this.webBody;
  }

  async text(): Promise<string> {
    const source = this.take();
    if (source === null) return "";
    const length = Number(this.headers.get("content-length") ?? NaN);
    // A declared length within the limit: undici's own reader (it errors on a body that differs).
    if (length <= this.maxBytes && !(source instanceof ReadableStream) && typeof (source as WireBody).text === "function") return (source as WireBody).text!();
    try {
      if (length > this.maxBytes) throw new BodyTooLarge(this.maxBytes);
      return await collectTextUpTo(iterableOf(source), this.maxBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) this.discard(source);
      throw error;
    }
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const source = this.take();
    if (source === null) return new ArrayBuffer(0);
    const stream = source instanceof ReadableStream ? source : toWebStream(source);
    return new Response(Number.isFinite(this.maxBytes) ? limitedStream(stream, this.maxBytes) : stream).arrayBuffer();
  }

  async blob(): Promise<Blob> {
    return new Blob([await this.arrayBuffer()], { type: this.headers.get("content-type") ?? "" });
  }

  /** Lets the body go unread (a redirect's, an answer the SDK will not read): the connection closes or goes back to the pool. */
  discard(source: BodySource | null = this.source): void {
    this.source = null;
    if (source instanceof ReadableStream) source.cancel().catch(() => {});
    else if (source) {
      // Destroyed, not drained: a body that stalls must not keep the connection for undici's 300 s.
      // Destroying a Node stream emits its error: nobody reads it any more, so nobody should hear it.
      (source as WireBody).on?.("error", () => {});
      (source as WireBody).destroy?.();
    }
  }

  /** A real Response with this status and headers, and the body if nobody has read it. */
  toResponse(): Response {
    // 1xx and 204/205/304 may not carry a body; a Response cannot be built with status < 200.
    this.built ??= new Response(this.used || this.status === 204 || this.status === 205 || this.status === 304 ? null : this.body, {
      status: this.status < 200 ? 200 : this.status,
      statusText: this.statusText,
      headers: new WireHeaders(this.sentHeaders).toHeaders(),
    });
    return this.built;
  }

  private take(): BodySource | null {
    const source = this.source;
    this.used = true;
    this.source = null;
    return source;
  }
}
