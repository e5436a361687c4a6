/** A streaming response → its events as their bytes come in; each way a stream can end badly → its SDK error. */
import { AlliError, APITimeoutError, APIUserAbortError, describeOperation } from "../../errors/errors.js";
import { errorClassFor, serverMessage, StreamInterruptedError } from "../../errors/errors.js";
import { excerpt, redactHeaders } from "../../errors/redact.js";
import { decodeStream, Signal } from "./decode.js";
import { TextCollector } from "./event-text.js";
import type { StreamSetup } from "./stream.js";
import type { ReadableFormat, StreamResult } from "./types.js";

/** A status an error event carries itself (`{ error: { status: 429 } }`), which picks the error's class. */
function embeddedStatus(data: unknown, depth = 0): number | undefined {
  if (!data || typeof data !== "object" || depth > 2) return undefined;
  const { status, statusCode, status_code, code, error } = data as Record<string, unknown>;
  for (const value of [status, statusCode, status_code, code]) {
    const number = typeof value === "string" || typeof value === "number" ? Number(value) : 0;
    if (Number.isInteger(number) && number >= 400 && number <= 599) return number;
  }
  return embeddedStatus(error, depth + 1);
}

/** The events of one stream. The request's attempt owns the connection, the idle clock and the caller's signal. */
export async function* readEvents(setup: StreamSetup): AsyncGenerator<unknown, void, undefined> {
  const { operation, idleTimeout, keepEvents, maxEventBytes, parseEvent } = setup;
  const where = describeOperation(operation);
  const { answer, attempt, requestId } = await setup.open();
  const fields = { operation, requestId, headers: redactHeaders(answer.headers) };
  let kept: unknown[] = [];
  let eventCount = 0;
  const interrupted = (reason: StreamInterruptedError["reason"], what: string, cause?: unknown) => {
    const details = { ...fields, reason, events: kept.slice(-keepEvents), eventCount, cause };
    return new StreamInterruptedError(`${where} stream ${what}`, details);
  };
  /** The decoded body; a failure to read or decode it says how the stream was lost. */
  async function* decoded(): AsyncGenerator<unknown> {
    try {
      const chunks = (answer.body ?? []) as AsyncIterable<Uint8Array>;
      yield* decodeStream(chunks, answer.headers.get("content-type"), maxEventBytes);
    } catch (error) {
      if (error instanceof APIUserAbortError) throw error;
      if (error instanceof APITimeoutError) throw interrupted("idle-timeout", `sent nothing for ${idleTimeout} ms`);
      // A decoder that cannot go on (a string past V8's limits): the stream ends here, closed.
      if (error instanceof RangeError) throw interrupted("too-large", `could not be decoded: ${error.name}`, error);
      const inner = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
      const message = error instanceof Error ? error.message : String(error);
      throw interrupted("connection-lost", `lost its connection: ${message}${inner}`, error);
    }
  }
  for await (const item of decoded()) {
    // The caller's signal aborted while they held an event: nothing more is handed on.
    if (attempt.stoppedBy === "user-abort") throw attempt.failure();
    if (item instanceof Signal) {
      const { kind, data } = item;
      if (kind === "done") return;
      if (kind === "error") {
        const status = embeddedStatus(data) ?? answer.status;
        const message = `${where} sent an error event: ${serverMessage(data) ?? "no message"}`;
        throw new (errorClassFor(status))(message, { ...fields, status, body: data });
      }
      const text = excerpt(String(data));
      if (kind === "invalid")
        throw new AlliError(`${where} sent a stream the SDK cannot read (${item.detail}): ${text}`, fields);
      throw kind === "truncated"
        ? interrupted("truncated", `ended in the middle of an event: ${text}`)
        : interrupted("too-large", `sent an event larger than maxEventBytes (${data} bytes); the SDK stopped reading`);
    }
    const event = parseEvent ? parseEvent(item) : item;
    eventCount++;
    // Trimmed in batches, so keeping the latest events costs O(1) per event.
    if (keepEvents > 0 && kept.push(event) >= 2 * keepEvents) kept = kept.slice(-keepEvents);
    yield event;
  }
}

export async function finalOf<Event>(events: AsyncIterable<Event>): Promise<StreamResult<Event>> {
  const collector = new TextCollector();
  const result: StreamResult<Event> = { last: undefined, text: "", eventCount: 0 };
  for await (const event of events) {
    collector.add(event);
    result.last = event;
    result.eventCount++;
  }
  return { ...result, text: collector.text };
}

/** The bytes of `toReadableStream`: JSON lines, SSE events, or the text each event adds (none, if it adds none). */
export async function* encode(events: AsyncIterable<unknown>, format: ReadableFormat): AsyncGenerator<Uint8Array> {
  const collector = new TextCollector();
  const utf8 = new TextEncoder();
  for await (const event of events) {
    const json = format === "text" ? "" : (JSON.stringify(event) ?? "null");
    const text = format === "text" ? collector.add(event) : format === "sse" ? `data: ${json}\n\n` : `${json}\n`;
    if (text) yield utf8.encode(text); // so that each read gives bytes, or the end
  }
}
