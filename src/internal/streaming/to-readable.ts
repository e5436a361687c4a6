/**
 * A stream's events as a web ReadableStream of bytes, to pipe into a browser or an HTTP response.
 * Pulled one event at a time (nothing is read ahead of the consumer); cancelling it closes the
 * connection; a failure errors it with the SDK's error.
 */
import type { ReadableFormat } from "../../stream-types.js";
import { TextCollector } from "./event-text.js";

/** The events of an iterator as a ReadableStream of bytes in the given format. */
export function toReadableStream(events: AsyncIterator<unknown>, format: ReadableFormat): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const collector = format === "text" ? new TextCollector() : undefined;
  const encode = (event: unknown): string => {
    if (collector) return collector.add(event);
    const json = JSON.stringify(event) ?? "null";
    return format === "sse" ? `data: ${json}\n\n` : `${json}\n`;
  };
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        // Loops past events that add no text, so that each pull enqueues something or ends.
        for (;;) {
          const { value, done } = await events.next();
          if (cancelled) return; // cancelled while the read was in flight: the stream is closed already
          if (done) {
            controller.close();
            return;
          }
          const text = encode(value);
          if (text) {
            controller.enqueue(encoder.encode(text));
            return;
          }
        }
      },
      async cancel() {
        cancelled = true;
        await events.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
