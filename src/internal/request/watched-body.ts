/**
 * A streamed body (events, a download) read under its attempt: each read runs the attempt's idle
 * clock, the end of the body ends the attempt, and cancelling it closes the connection. Chunks are
 * pulled only on demand, so a slow consumer slows the connection instead of filling memory.
 */
import type { Attempt } from "./attempt.js";

/** The bytes of a body as the wire gives them: a web stream, or anything async-iterable (a Node stream). */
export type BodySource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

function iteratorOf(source: BodySource): AsyncIterator<Uint8Array> {
  if (Symbol.asyncIterator in source) return (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  const reader = (source as ReadableStream<Uint8Array>).getReader();
  return {
    next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
    return: async () => {
      await reader.cancel().catch(() => {});
      return { value: undefined, done: true };
    },
  };
}

/** The body as a web ReadableStream whose reads the attempt watches (see the file comment). */
export function watchedBody(source: BodySource | null, attempt: Attempt): ReadableStream<Uint8Array> {
  if (!source) {
    attempt.end();
    return new ReadableStream({ start: (controller) => controller.close() });
  }
  const chunks = iteratorOf(source);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        attempt.waitingForChunk();
        let result: IteratorResult<Uint8Array>;
        try {
          result = await chunks.next();
        } catch (error) {
          attempt.end();
          throw error;
        } finally {
          attempt.chunkArrived();
        }
        if (result.done) {
          attempt.end();
          controller.close();
        } else controller.enqueue(result.value);
      },
      cancel(reason) {
        attempt.stop("closed", reason);
        Promise.resolve(chunks.return?.()).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}
