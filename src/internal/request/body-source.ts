/** The bytes of a body as a wire gives them, and the two ways the SDK reads them: chunk by chunk, or as a web stream. */

/** A web stream, or anything async-iterable (a Node stream). */
export type BodySource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** The body's chunks; `return()` stops reading (cancels a web stream, destroys a Node one). */
export function chunksOf(source: BodySource): AsyncIterator<Uint8Array> {
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

/** The body as an async iterable, for `for await`. */
export const iterableOf = (source: BodySource): AsyncIterable<Uint8Array> => ({ [Symbol.asyncIterator]: () => chunksOf(source) });

/**
 * The body as a web ReadableStream that pulls a chunk only when asked (a slow consumer slows the
 * connection instead of filling memory); the hooks let a caller watch each read, the end and a cancel.
 */
export function toWebStream(
  source: BodySource,
  hooks: { beforeRead?(): void; afterRead?(): void; onEnd?(): void; onCancel?(reason: unknown): void } = {},
): ReadableStream<Uint8Array> {
  const chunks = chunksOf(source);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        hooks.beforeRead?.();
        let result: IteratorResult<Uint8Array>;
        try {
          result = await chunks.next();
        } catch (error) {
          hooks.onEnd?.();
          throw error;
        } finally {
          hooks.afterRead?.();
        }
        if (result.done) {
          hooks.onEnd?.();
          controller.close();
        } else controller.enqueue(result.value);
      },
      cancel(reason) {
        hooks.onCancel?.(reason);
        Promise.resolve(chunks.return?.()).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}
