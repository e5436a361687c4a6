/** The one reader of bodies (whole within a ceiling: a server or a gzip bomb may send gigabytes), and web streams. */

/** A body as a wire gives it: a web stream, or anything async-iterable (a Node stream). */
export type BodySource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
/** The body's chunks; `return()` stops reading (cancels a web stream, destroys a Node one). */
export function chunksOf(source: BodySource): AsyncIterator<Uint8Array> {
  if (!(source instanceof ReadableStream)) return source[Symbol.asyncIterator]();
  const reader = source.getReader();
  const done = () => ({ value: undefined, done: true }) as const;
  return {
    next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
    return: () => reader.cancel().then(done, done),
  };
}
/** Raised when a body is larger than the limit set for it. */
export class BodyTooLarge extends Error {}
/** `whole`: all the body, or BodyTooLarge past `max`; else its first `max` bytes (or what arrived), and if cut. */
async function readUpTo(source: BodySource | null, max: number, whole: boolean) {
  const parts: Uint8Array[] = [];
  let size = 0;
  let cut = false;
  const chunks = source && chunksOf(source);
  try {
    for (let next = await chunks?.next(); next && !next.done; next = await chunks!.next()) {
      cut = size + next.value.byteLength > max;
      if (cut && whole) throw new BodyTooLarge();
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
export const readPrefix = (source: BodySource | null, max: number) =>
  readUpTo(source, max, false).then(({ bytes, cut }) => ({ text: new TextDecoder().decode(bytes), truncated: cut }));
/** A web stream that calls `next` once per read (a slow consumer slows the source), ending at undefined. */
export function pullStream<T>(next: () => Promise<T | undefined>, cancel?: (reason: unknown) => unknown) {
  const pull = (controller: ReadableStreamDefaultController<T>) =>
    next().then((value) => (value === undefined ? controller.close() : controller.enqueue(value)));
  return new ReadableStream<T>({ pull, cancel: async (reason) => void (await cancel?.(reason)) }, { highWaterMark: 0 });
}
/** The body as a web stream (the path map's `parseAs: "stream"`), read one chunk per pull. */
export function webStreamOf(source: BodySource): ReadableStream<Uint8Array> {
  if (source instanceof ReadableStream) return source;
  const chunks = chunksOf(source);
  const next = async () => (await chunks.next()).value as Uint8Array | undefined;
  return pullStream(next, () => chunks.return?.());
}
