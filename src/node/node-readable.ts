/** Node only: a download's web byte stream as a Node Readable (destroying it cancels the download). */
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";

/** Wraps the web stream; reading either one, not both. */
export function toNodeReadable(body: ReadableStream<Uint8Array>): Readable {
  // The DOM and Node typings name the same global ReadableStream differently.
  return Readable.fromWeb(body as unknown as NodeWebReadableStream<Uint8Array>);
}
