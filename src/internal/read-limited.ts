/**
 * Reading a body with a ceiling: a hostile or broken server can send gigabytes (or a small
 * gzip bomb that decompresses to them), and a whole-body read would hold them all in memory.
 */

/** Reads at most `max` bytes of a web stream as text; the rest is not read, and the stream is cancelled. */
export async function readTextUpTo(body: ReadableStream<Uint8Array> | null, max: number): Promise<{ text: string; truncated: boolean }> {
  if (!body) return { text: "", truncated: false };
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text: text + decoder.decode(), truncated: false };
      const room = max - bytes;
      bytes += value.byteLength;
      if (value.byteLength >= room) {
        text += decoder.decode(value.subarray(0, Math.max(0, room)));
        reader.cancel().catch(() => {});
        return { text, truncated: value.byteLength > room };
      }
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // The body broke off: what arrived still says something.
    return { text: text + decoder.decode(), truncated: true };
  }
}

/** Raised when a body is larger than the limit set for it. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the response body is larger than ${limit} bytes`);
  }
}

/** All of an async-iterable body as text, or BodyTooLarge once it passes `max` bytes (the caller closes the connection). */
export async function collectTextUpTo(chunks: AsyncIterable<Uint8Array>, max: number): Promise<string> {
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.byteLength;
    if (bytes > max) throw new BodyTooLarge(max);
    parts.push(chunk);
  }
  const all = new Uint8Array(bytes);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** The stream, erroring with BodyTooLarge (and cancelling the source) once it has passed `max` bytes. */
export function limitedStream(body: ReadableStream<Uint8Array>, max: number): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let bytes = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        bytes += value.byteLength;
        if (bytes > max) {
          reader.cancel().catch(() => {});
          throw new BodyTooLarge(max);
        }
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}
