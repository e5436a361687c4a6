/**
 * Reading a body: chunk by chunk, whole within a ceiling (a hostile server can send gigabytes, or
 * a small gzip bomb that decompresses to them), its start only (an error body), or as a web
 * ReadableStream that pulls one chunk per read. The one reader of bodies and the one adapter to
 * web streams: every other module calls these.
 */

/** A body as a wire gives it: a web stream, or anything async-iterable (a Node stream). */
export type BodySource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** The body's chunks; `return()` stops reading (cancels a web stream, destroys a Node one). */
export function chunksOf(source: BodySource): AsyncIterator<Uint8Array> {
  if (!(source instanceof ReadableStream)) return source[Symbol.asyncIterator]();
  const reader = source.getReader();
  return {
    next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
    return: () =>
      reader.cancel().then(
        () => ({ value: undefined, done: true }) as const,
        () => ({ value: undefined, done: true }) as const,
      ),
  };
}

/** Raised when a body is larger than the limit set for it. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the response body is larger than ${limit} bytes`);
  }
}

/**
 * Reads a body up to `max` bytes. `whole`: all of it, or BodyTooLarge (with the connection
 * closed) past `max`; else its start, the rest unread and the connection closed, and whether there
 * was more. A body that breaks off mid-way gives what arrived (only when not `whole`).
 */
async function readUpTo(
  source: BodySource | null,
  max: number,
  whole: boolean,
): Promise<{ bytes: Uint8Array; cut: boolean }> {
  const parts: Uint8Array[] = [];
  let size = 0;
  let cut = false;
  const chunks = source && chunksOf(source);
  try {
    for (let next = await chunks?.next(); next && !next.done; next = await chunks!.next()) {
      cut = size + next.value.byteLength > max;
      if (cut && whole) throw new BodyTooLarge(max);
      parts.push(cut ? next.value.subarray(0, max - size) : next.value);
      size += parts.at(-1)!.byteLength;
      if (cut) break;
    }
  } catch (error) {
    if (whole) throw error;
    cut = true; // the body broke off: what arrived still says something
  } finally {
    if (cut) void chunks?.return?.().catch(() => {});
  }
  if (parts.length === 1) return { bytes: parts[0]!, cut };
  const bytes = new Uint8Array(size);
  parts.reduce((at, part) => (bytes.set(part, at), at + part.byteLength), 0);
  return { bytes, cut };
}

/** All of a body, or BodyTooLarge once it passes `max` bytes. */
export const readBytes = async (source: BodySource | null, max: number) => (await readUpTo(source, max, true)).bytes;

/** At most `max` bytes of a body as text, and whether it was cut short. */
export async function readPrefix(
  source: BodySource | null,
  max: number,
): Promise<{ text: string; truncated: boolean }> {
  const { bytes, cut } = await readUpTo(source, max, false);
  return { text: new TextDecoder().decode(bytes), truncated: cut };
}

/**
 * A web ReadableStream that calls `next` once per read and ends when it returns undefined: a slow
 * consumer slows the source instead of filling memory. Cancelling it calls `cancel`.
 */
export function pullStream<T>(
  next: () => Promise<T | undefined>,
  cancel?: (reason: unknown) => unknown,
): ReadableStream<T> {
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

/** The body as a web stream (the path map's `parseAs: "stream"`), read one chunk per pull. */
export function webStreamOf(source: BodySource): ReadableStream<Uint8Array> {
  if (source instanceof ReadableStream) return source;
  const chunks = chunksOf(source);
  return pullStream(
    async () => (await chunks.next()).value,
    () => chunks.return?.(),
  );
}
