/**
 * Reads a streaming response into events, each handed on as soon as its bytes are in, and turns
 * every way a stream can end badly into the SDK's error for it: an error event, an unreadable
 * event, a drop, a silence, a cut-off or oversized event, an abort. The request's attempt owns
 * the connection, the idle clock and the caller's signal; leaving the loop closes the connection.
 */
import {
  AlliError,
  APITimeoutError,
  APIUserAbortError,
  describeOperation,
  errorClassFor,
  serverMessage,
  StreamInterruptedError,
  type StreamInterruption,
} from "../../errors/errors.js";
import { excerpt, redactHeaders } from "../../errors/redact.js";
import type { CallResult } from "../../core/call.js";
import { decodeStream, Signal } from "./decode.js";
import { TextCollector } from "./event-text.js";
import type { StreamSetup } from "./stream.js";
import type { ReadableFormat, StreamResult } from "./types.js";

/** The stream object, as its reader sees it. */
interface Readable {
  setup: StreamSetup;
  eventCount: number;
  open(): Promise<CallResult>;
}

/** A status an error event carries itself (`{ error: { status: 429 } }`), which picks the error's class. */
function embeddedStatus(data: unknown, depth = 0): number | undefined {
  if (!data || typeof data !== "object" || depth > 2) return undefined;
  const record = data as Record<string, unknown>;
  for (const key of ["status", "statusCode", "status_code", "code"]) {
    const value = typeof record[key] === "string" ? Number(record[key]) : record[key];
    if (typeof value === "number" && Number.isInteger(value) && value >= 400 && value <= 599) return value;
  }
  return embeddedStatus(record.error, depth + 1);
}

/** The events of one stream, read once. */
export async function* readEvents(stream: Readable): AsyncGenerator<unknown, void, undefined> {
  const { operation, idleTimeout, keepEvents, maxEventBytes, parseEvent } = stream.setup;
  const where = describeOperation(operation);
  const { answer, attempt, requestId } = await stream.open();
  const fields = { operation, requestId, headers: redactHeaders(answer.headers) };
  let kept: unknown[] = [];
  const interrupted = (reason: StreamInterruption, what: string, cause?: unknown) => {
    const events = kept.slice(-keepEvents);
    return new StreamInterruptedError(`${where} stream ${what}`, { ...fields, reason, events, eventCount: stream.eventCount, cause });
  };

  /** The body's chunks; a read that fails says how the stream was lost. */
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      yield* (answer.body ?? []) as AsyncIterable<Uint8Array>;
    } catch (error) {
      if (error instanceof APIUserAbortError) throw error;
      if (error instanceof APITimeoutError) throw interrupted("idle-timeout", `sent nothing for ${idleTimeout} ms`);
      const inner = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
      throw interrupted("connection-lost", `lost its connection: ${error instanceof Error ? error.message : String(error)}${inner}`, error);
    }
  }

  try {
    for await (const item of decodeStream(chunks(), answer.headers.get("content-type"), maxEventBytes)) {
      // The caller's signal aborted while they held an event: nothing more is handed on.
      if (attempt.stoppedBy === "user-abort") throw attempt.failure();
      if (item instanceof Signal) {
        if (item.kind === "done") return;
        if (item.kind === "error") {
          const status = embeddedStatus(item.data) ?? answer.status;
          const message = `${where} sent an error event: ${serverMessage(item.data) ?? "no message"}`;
          throw new (errorClassFor(status))(message, { ...fields, status, body: item.data });
        }
        if (item.kind === "invalid") {
          throw new AlliError(`${where} sent a stream the SDK cannot read (${item.detail}): ${excerpt(String(item.data))}`, fields);
        }
        if (item.kind === "oversize") throw interrupted("too-large", `sent an event larger than maxEventBytes (${item.data} bytes); the SDK stopped reading`);
        throw interrupted("truncated", `ended in the middle of an event: ${excerpt(String(item.data))}`);
      }
      const event = parseEvent ? parseEvent(item) : item;
      stream.eventCount++;
      if (keepEvents > 0) {
        kept.push(event);
        // Trimmed in batches, so keeping the latest events costs O(1) per event.
        if (kept.length >= 2 * keepEvents) kept = kept.slice(-keepEvents);
      }
      yield event;
    }
  } catch (error) {
    // A decoder that cannot go on (a string past V8's limits): the stream ends here, closed.
    if (error instanceof RangeError) throw interrupted("too-large", `could not be decoded: ${error.name}`, error);
    throw error;
  }
}

/** Reads the whole stream: its last event, its text and its event count. */
export async function finalOf<Event>(stream: AsyncIterable<Event> & { eventCount: number }): Promise<StreamResult<Event>> {
  const collector = new TextCollector();
  let last: Event | undefined;
  for await (const event of stream) {
    collector.add(event);
    last = event;
  }
  return { last, text: collector.text, eventCount: stream.eventCount };
}

/** How `toReadableStream` writes each event: a JSON line, an SSE event, or the text it adds. */
export function encoderFor(format: ReadableFormat): (event: unknown) => string {
  if (format === "text") {
    const collector = new TextCollector();
    return (event) => collector.add(event);
  }
  return (event) => {
    const json = JSON.stringify(event) ?? "null";
    return format === "sse" ? `data: ${json}\n\n` : `${json}\n`;
  };
}
