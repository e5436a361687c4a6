/**
 * Reading a body: chunk by chunk, whole with a ceiling (a hostile or broken server can send
 * gigabytes, or a small gzip bomb that decompresses to them), its start only (an error body), or
 * as a web ReadableStream that pulls one chunk per read. The one reader of bodies and the one
 * adapter to web streams: every other module calls these.
 */

/** A body as a wire gives it: a web stream, or anything async-iterable (a Node stream). */
export type BodySource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** The body's chunks; `return()` stops reading (cancels a web stream, destroys a Node one). */
export function chunksOf(source: BodySource): AsyncIterator<Uint8Array> {
  if (!(source instanceof ReadableStream)) return source[Symbol.asyncIterator]();
  const reader = source.getReader();
  return {
    next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
    return: async () => {
      await reader.cancel().catch(() => {});
      return { value: undefined, done: true };
    },
  };
}

/** Raised when a body is larger than the limit set for it. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the response body is larger than ${limit} bytes`);
  }
}

/** All of a body, or BodyTooLarge (with the connection closed) once it passes `max` bytes. */
export async function readBytes(source: BodySource | null, max: number): Promise<Uint8Array> {
  if (!source) return new Uint8Array(0);
  const chunks = chunksOf(source);
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
    bytes += next.value.byteLength;
    if (bytes > max) {
      void chunks.return?.().catch(() => {});
      throw new BodyTooLarge(max);
    }
    parts.push(next.value);
  }
  if (parts.length === 1) return parts[0]!;
  const all = new Uint8Array(bytes);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.byteLength;
  }
  return all;
}

/** At most `max` bytes of a body as text; the rest is not read, and the connection is closed. */
export async function readPrefix(source: BodySource | null, max: number): Promise<{ text: string; truncated: boolean }> {
  if (!source) return { text: "", truncated: false };
  const chunks = chunksOf(source);
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  try {
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      const room = max - bytes;
      bytes += next.value.byteLength;
      if (next.value.byteLength >= room) {
        void chunks.return?.().catch(() => {});
        return { text: text + decoder.decode(next.value.subarray(0, room)), truncated: next.value.byteLength > room };
      }
      text += decoder.decode(next.value, { stream: true });
    }
    return { text: text + decoder.decode(), truncated: false };
  } catch {
    // The body broke off: what arrived still says something.
    return { text: text + decoder.decode(), truncated: true };
  }
}

/**
 * A web ReadableStream that calls `next` once per read and ends when it returns undefined: a
 * slow consumer slows the source instead of filling memory. Cancelling it calls `cancel`.
 */
export function pullStream<T>(next: () => Promise<T | undefined>, cancel?: (reason: unknown) => unknown): ReadableStream<T> {
  return new ReadableStream<T>(
    {
      async pull(controller) {
        const value = await next();
        if (value === undefined) controller.close();
        else controller.enqueue(value);
      },
      cancel: async (reason) => void (await cancel?.(reason)),
    },
    { highWaterMark: 0 },
  );
}

/** The body as a web stream (the public Response's, a download's), read one chunk per pull. */
export function webStreamOf(source: BodySource): ReadableStream<Uint8Array> {
  if (source instanceof ReadableStream) return source;
  const chunks = chunksOf(source);
  return pullStream(
    async () => (await chunks.next()).value,
    () => chunks.return?.(),
  );
}
