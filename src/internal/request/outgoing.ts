/**
 * What a call sends. openapi-fetch builds its request with the `Request` class it is given; the
 * SDK gives it this light one instead of the WHATWG Request, which costs a parse of the URL, a
 * copy of the headers and a body stream per call, and cannot carry the body that two documented
 * GETs need. The transport turns it, once per call, into a `WireRequest`: the body buffered once
 * and re-sent by every attempt and every redirect.
 */
import { InvalidInputError } from "../../errors.js";

/** A JSON body as text; a value JSON cannot carry (a BigInt, a cycle) is the caller's error, found before the network. */
export function serializeJsonBody(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new InvalidInputError("body", `must be JSON-serialisable: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The request as openapi-fetch built it (through `new OutgoingRequest(url, init)`). */
export class OutgoingRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null;

  constructor(input: string | URL, init: RequestInit = {}) {
    this.url = String(input);
    this.method = (init.method ?? "GET").toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body ?? null;
  }
}

/** One HTTP exchange's request, as every wire takes it: plain data, safe to send again. */
export interface WireRequest {
  url: string;
  method: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string | Uint8Array<ArrayBuffer> | undefined;
}

/** Reads the body once (a FormData is encoded here, its boundary going into Content-Type). */
export async function toWireRequest(request: OutgoingRequest): Promise<WireRequest> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  const { body } = request;
  if (body === null || typeof body === "string" || body instanceof Uint8Array) {
    return { url: request.url, method: request.method, headers, body: (body as string | Uint8Array<ArrayBuffer> | null) ?? undefined };
  }
  const encoded = new Response(body);
  const type = encoded.headers.get("content-type");
  if (type && body instanceof FormData) headers["content-type"] = type;
  else if (type && !headers["content-type"]) headers["content-type"] = type;
  return { url: request.url, method: request.method, headers, body: new Uint8Array(await encoded.arrayBuffer()) };
}
