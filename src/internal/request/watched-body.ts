/**
 * A streamed body (events, a download) read under its attempt: each read runs the attempt's idle
 * clock, the end of the body ends the attempt, and cancelling it closes the connection. Chunks are
 * pulled only on demand, so a slow consumer slows the connection instead of filling memory.
 */
import type { Attempt } from "./attempt.js";
import { toWebStream, type BodySource } from "./body-source.js";

export type { BodySource } from "./body-source.js";

/** The body as a web ReadableStream whose reads the attempt watches (see the file comment). */
export function watchedBody(source: BodySource | null, attempt: Attempt): ReadableStream<Uint8Array> {
  if (!source) {
    attempt.end();
    return new ReadableStream({ start: (controller) => controller.close() });
  }
  return toWebStream(source, {
    beforeRead: () => attempt.waitingForChunk(),
    afterRead: () => attempt.chunkArrived(),
    onEnd: () => attempt.end(),
    onCancel: (reason) => attempt.stop("closed", reason),
  });
}
