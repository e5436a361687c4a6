/**
 * Node only: what both Node wires (node:http and undici) make of a response. The body is decoded
 * when the server compressed it with codings the SDK knows (undici's own decompressor prints an
 * ExperimentalWarning on Node 20), and a body nobody reads cannot crash the process.
 */
import type { Readable } from "node:stream";
import { pipeline } from "node:stream";
import { constants, createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { Answer, NULL_BODY, type HeaderReader, type RawHeaders } from "../core/wire.js";

/** The read side of Headers over Node's raw header object. */
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

/** What fetch asks for, so that a server compresses for the SDK as it would for fetch (a CSV export shrinks tenfold). */
export const ACCEPT_ENCODING = "gzip, deflate, br";

// Lenient at the end, as fetch is: an empty or cut compressed body is what arrived of it (a cut
// against Content-Length is still an error of the body itself).
const LENIENT = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
const BROTLI = { flush: constants.BROTLI_OPERATION_FLUSH, finishFlush: constants.BROTLI_OPERATION_FLUSH };
const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: () => createGunzip(LENIENT),
  "x-gzip": () => createGunzip(LENIENT),
  deflate: () => createInflate(LENIENT),
  br: () => createBrotliDecompress(BROTLI),
};

const ignore = () => {};

/** The Answer for a Node response; `sent` are its headers as the server sent them. */
export function nodeAnswer(status: number, statusText: string, sent: RawHeaders, body: Readable): Answer {
  // An abort destroys the body with an error: a reader hears it; unread, it must not crash.
  body.on("error", ignore);
  const coding = sent["content-encoding"];
  const codings =
    typeof coding !== "string" || NULL_BODY.has(status) || sent["content-length"] === "0"
      ? []
      : coding
          .toLowerCase()
          .split(",")
          .map((c) => c.trim())
          .filter((c) => c && c !== "identity");
  if (codings.length === 0 || codings.length > 2 || !codings.every((c) => c in DECODERS)) {
    return new Answer(status, statusText, new NodeHeaders(sent), body, sent);
  }
  // The decoded view drops the headers that describe the compressed bytes.
  const { "content-encoding": _encoding, "content-length": _length, ...headers } = sent;
  // Applied in the reverse order of the header's list; an error anywhere destroys the whole chain.
  const stages = codings.reverse().map((c) => DECODERS[c]!());
  const decoded = (pipeline as (...streams: unknown[]) => Readable)(body, ...stages, ignore);
  decoded.on("error", ignore);
  return new Answer(status, statusText, new NodeHeaders(headers), decoded, sent);
}
