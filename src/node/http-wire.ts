/** Node only: the wire on node:http(s) with keep-alive agents (a Node.js client's until undici, a 100 ms cold start,
 * is loaded; Bun's and Deno's for GETs with a body), and the Answer both Node wires make. It follows no redirect. */
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { pipeline, Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { constants, createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { Answer, NULL_BODY, type HeaderReader, type RawHeaders, type Wire, type WireRequest } from "../core/wire.js";

// What fetch asks for, so that a server compresses for the SDK as for fetch (a CSV export shrinks tenfold).
export const ACCEPT_ENCODING = "gzip, deflate, br";
// Lenient at the end, as fetch is: a cut compressed body is what arrived of it (a cut against Content-Length is
// still an error of the body itself).
const LENIENT = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
const BROTLI = { flush: constants.BROTLI_OPERATION_FLUSH, finishFlush: constants.BROTLI_OPERATION_FLUSH };
const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: () => createGunzip(LENIENT),
  "x-gzip": () => createGunzip(LENIENT),
  deflate: () => createInflate(LENIENT),
  br: () => createBrotliDecompress(BROTLI),
};
const ignore = () => {};
/** A request's body as both Node wires send it, framed by its length: a Blob (a form, its files on disk) as a stream
 * read from its start, so that each send (a retry, a redirect) reads it again. */
export function sendable(body: WireRequest["body"]) {
  if (body === undefined) return { body, framing: {} };
  const framing = { "content-length": String(body instanceof Blob ? body.size : Buffer.byteLength(body)) };
  // The DOM and Node typings name the same ReadableStream differently.
  return { body: body instanceof Blob ? Readable.fromWeb(body.stream() as NodeWebStream<Uint8Array>) : body, framing };
}

class NodeHeaders implements HeaderReader {
  constructor(readonly raw: RawHeaders) {}
  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  }
  forEach(callback: (value: string, name: string) => void): void {
    for (const name in this.raw) if (this.raw[name] !== undefined) callback(this.get(name)!, name);
  }
}
/** `sent`: the headers as sent. The SDK decodes what it knows (undici's decoder warns on Node 20: experimental). */
export function nodeAnswer(status: number, statusText: string, sent: RawHeaders, body: Readable): Answer {
  body.on("error", ignore); // an abort destroys the body with an error: a reader hears it; unread, it must not crash
  const coding = sent["content-encoding"];
  const listed = typeof coding === "string" && !NULL_BODY.has(status) && sent["content-length"] !== "0";
  const tokens = listed ? coding.toLowerCase().split(",") : undefined;
  const codings = tokens?.map((c) => c.trim()).filter((c) => c && c !== "identity");
  if (!codings?.length || codings.length > 2 || !codings.every((c) => Object.hasOwn(DECODERS, c)))
    return new Answer(status, statusText, new NodeHeaders(sent), body, sent);
  // Decoded in the reverse order of the list; an error anywhere destroys the whole chain.
  const stages = codings.reverse().map((c) => DECODERS[c]!());
  const decoded = (pipeline as (...streams: unknown[]) => Readable)(body, ...stages, ignore);
  decoded.on("error", ignore);
  // The decoded view has no headers that describe the compressed bytes.
  const headers = { ...sent, "content-encoding": undefined, "content-length": undefined };
  return new Answer(status, statusText, new NodeHeaders(headers), decoded, sent);
}

export function httpWire(): Wire {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  const targets = new Map<string, { secure: boolean; hostname: string; port: string }>();
  const send: Wire = (request, stop) =>
    new Promise((resolve, reject) => {
      let target = targets.get(request.origin);
      if (!target) {
        const url = new URL(request.origin);
        // node:http takes an IPv6 address without its brackets.
        const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
        targets.set(request.origin, (target = { secure: url.protocol === "https:", hostname, port: url.port }));
      }
      const { secure, hostname, port } = target;
      // node:http frames a GET's body only by Content-Length (it does not chunk a GET).
      const { body, framing } = sendable(request.body);
      const headers = { "accept-encoding": ACCEPT_ENCODING, ...request.headers, ...framing };
      const agent = secure ? agents.https : agents.http;
      const options = { hostname, port, path: request.path, method: request.method, headers, agent };
      const outgoing = (secure ? httpsRequest : httpRequest)(options, (incoming) =>
        resolve(nodeAnswer(incoming.statusCode ?? 0, incoming.statusMessage ?? "", incoming.headers, incoming)),
      );
      stop.whenStopped(() => outgoing.destroy()); // closes the connection, before or after the answer's headers
      let again = false;
      outgoing.on("error", (error: NodeJS.ErrnoException) => {
        // A pooled connection the server closed as we reused it: nothing was read, so it goes again on another.
        again = outgoing.reusedSocket && !stop.aborted && (error.code === "ECONNRESET" || error.code === "EPIPE");
        if (again) send(request, stop).then(resolve, reject);
        else reject(error);
      });
      // A 101 (no API answers one) gives neither a response nor an error: the promise must still settle.
      outgoing.on(
        "upgrade",
        (_answer, socket) => (socket.destroy(), reject(new Error("the server switched protocols"))),
      );
      outgoing.on("close", () => again || reject(new Error("the connection closed before an answer")));
      // A form streams; a failed read destroys the request, and a stop its read.
      if (body instanceof Readable) pipeline(body, outgoing, ignore);
      else outgoing.end(body);
    });
  return send;
}
