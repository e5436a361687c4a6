/** A streaming response as events, each handed on as its bytes come in (SSE or JSON); each bad ending as its error. */
import { createParser } from "eventsource-parser";
import { AlliError, APITimeoutError, APIUserAbortError, errorClassFor, jsonSyntaxDetail } from "../../errors/errors.js";
import { describeOperation, serverMessage, StreamInterruptedError, type OperationInfo } from "../../errors/errors.js";
import { excerpt, redactHeaders } from "../../errors/redact.js";
import type { CallResult } from "../../core/call.js";
import type { ReadableFormat, StreamOptions, StreamResult } from "./types.js";

export interface StreamSetup extends Required<Omit<StreamOptions, "parseEvent">>, Pick<StreamOptions, "parseEvent"> {
  open(): Promise<CallResult>;
  operation: OperationInfo;
}
// An error event may carry its status (`{ error: { status: 429 } }`), which picks the error's class.
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
  const decoded = async function* () {
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
  };
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
      if (kind === "truncated") throw interrupted("truncated", `ended in the middle of an event: ${text}`);
      const limit = `maxEventBytes (${maxEventBytes} bytes)`;
      throw interrupted("too-large", `sent an event larger than ${limit}; the SDK stopped reading`);
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
export async function* encode(events: AsyncIterable<unknown>, format: ReadableFormat) {
  const collector = new TextCollector();
  const utf8 = new TextEncoder();
  for await (const event of events) {
    const json = format === "text" ? "" : (JSON.stringify(event) ?? "null");
    const text = format === "text" ? collector.add(event) : format === "sse" ? `data: ${json}\n\n` : `${json}\n`;
    if (text) yield utf8.encode(text); // so that each read gives bytes, or the end
  }
}
/** Not an event: `[DONE]`, an error event (`data`: its value), unreadable or cut text, an event past `data` bytes. */
export class Signal {
  constructor(
    readonly kind: "done" | "error" | "invalid" | "truncated" | "oversize",
    readonly data?: unknown,
    readonly detail?: string,
  ) {}
}
export function formatOf(contentType: string | null | undefined): "sse" | "json" | undefined {
  const mime = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  return mime === "text/event-stream" ? "sse" : mime.includes("json") ? "json" : undefined;
}
/** A JSON event: its value, an error signal if it reports one (sync bodies carry `"errors": null`), or invalid. */
function jsonEvent(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return new Signal("invalid", text, `an event is not valid JSON: ${jsonSyntaxDetail(error)}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const { error, errors, type } = value as Record<string, unknown>;
  const says = (field: unknown) =>
    field === true || (typeof field === "string" ? field.trim() !== "" : !!field && Object.keys(field).length > 0);
  return type === "error" || says(error) || says(errors) ? new Signal("error", value) : value;
}
type Decoder = (text?: string) => void; // called once more, with no text, at the end
function sseDecoder(out: unknown[]): Decoder {
  let ending = false;
  let stray: string | null | undefined; // the first line that is not SSE, if it comes before any event
  const parser = createParser({
    onEvent({ event, data }) {
      stray = null;
      if (event !== "error" && data === "") return; // a keep-alive, or a named event with no payload
      if (event !== "error" && data.trim() === "[DONE]") return void out.push(new Signal("done"));
      const decoded = jsonEvent(data);
      const isJson = !(decoded instanceof Signal && decoded.kind === "invalid");
      if (event === "error") out.push(new Signal("error", decoded instanceof Signal ? decoded.data : decoded));
      // Some servers omit the last blank line: a complete JSON event is kept, a cut one reported.
      else if (ending && !isJson) out.push(new Signal("truncated", data));
      else out.push(isJson || /^\s*[[{]/.test(data) ? decoded : data); // text that starts like JSON is broken JSON
    },
    onError: (error) => void (error.type === "unknown-field" && stray === undefined && (stray = error.line)),
  });
  return (text) => {
    ending = text === undefined;
    parser.feed(text ?? "\n\n");
    const why = "the response is not Server-Sent Events: no events, and lines that are not SSE fields";
    if (ending && stray) out.push(new Signal("invalid", stray, why));
  };
}
/** JSON: one event per top-level value. Only strings and nesting are tracked; JSON.parse does the rest (stray `}`). */
function jsonDecoder(out: unknown[]): Decoder {
  let pending = ""; // the value begun in an earlier text
  let depth = 0;
  let inString = false;
  let escaped = false;
  return (text) => {
    // At the end, a scalar (`true`, `42`) is complete; an object, array or string still open was cut off.
    if (text === undefined)
      return void (pending && out.push(depth || inString ? new Signal("truncated", pending) : jsonEvent(pending)));
    let from = 0;
    const cut = (to: number, next = to) => {
      const value = pending + text.slice(from, to);
      if (value) out.push(jsonEvent(value));
      [pending, from, depth] = ["", next, 0];
    };
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i); // 34 ", 44 ",", 91 [, 92 \, 93 ], 123 {, 125 }; 30: a JSON text sequence's RS
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34 && !(inString = false) && depth === 0) cut(i + 1);
      } else if (depth === 0 && (c <= 32 || c === 44 || c === 30 || c === 0xfeff)) cut(i, i + 1);
      else if (c === 34 || c === 123 || c === 91) {
        if (depth === 0) cut(i); // a scalar before it ends there
        if (c === 34) inString = true;
        else depth++;
      } else if ((c === 125 || c === 93) && --depth <= 0) cut(i + 1);
    }
    pending += text.slice(from);
  };
}
/** A body in no format the SDK reads: reported once, with its start (longer than the excerpt, for redaction). */
function unreadable(out: unknown[]): Decoder {
  let start = "";
  return (text) => {
    if (start.length >= 800 || (text !== undefined && (start += text).length < 800)) return;
    const why = "the response is neither Server-Sent Events nor JSON";
    out.push(new Signal("invalid", start.trimStart().slice(0, 800), why));
  };
}
/** Chunks → events and signals, in the format the first character shows, else the Content-Type (`type`). Past
 * `maxEventBytes` in a line (or, with no line ends, an event), an oversize signal ends it (600 MB is past V8's). */
export async function* decodeStream(chunks: AsyncIterable<Uint8Array>, type?: string | null, maxEventBytes = Infinity) {
  const utf8 = new TextDecoder(); // joins the UTF-8 characters that chunks split
  const out: unknown[] = [];
  const pieceBytes = Math.min(maxEventBytes, 64 * 1024); // the size check sees an event grow in a large chunk
  let decoder: Decoder | undefined;
  let lead = "";
  let open = 0; // bytes since the last line end (or event): the size of the one still open
  const feed = (text: string) => {
    if (!decoder) {
      const first = /\S/.exec(text.replaceAll("\x1e", " "))?.[0]; // RS: a JSON text sequence's separator
      if (!first) return void (lead += text);
      // Servers mislabel streams: JSON starts with { or [, which no SSE line can; SSE with a field, which no JSON can.
      const format = /[{[]/.test(first) ? "json" : /[deir:]/.test(first) ? "sse" : formatOf(type);
      const guess = format ?? (/["\d\-tfn]/.test(first) ? "json" : undefined);
      decoder = guess === "sse" ? sseDecoder(out) : guess === "json" ? jsonDecoder(out) : unreadable(out);
      text = lead + text;
    }
    decoder(text);
  };
  for await (const chunk of chunks) {
    for (let at = 0; at < chunk.byteLength; at += pieceBytes) {
      const piece = chunk.subarray(at, at + pieceBytes);
      const firstEnd = piece.indexOf(10);
      if (open + (firstEnd < 0 ? piece.byteLength : firstEnd) > maxEventBytes)
        return yield* [...out, new Signal("oversize", maxEventBytes)];
      const before = out.length;
      feed(utf8.decode(piece, { stream: true }));
      const lastEnd = piece.lastIndexOf(10);
      open = lastEnd >= 0 ? piece.byteLength - lastEnd - 1 : out.length > before ? 0 : open + piece.byteLength;
    }
    yield* out.splice(0);
  }
  feed(utf8.decode());
  decoder?.();
  yield* out.splice(0);
}
// An event's text: events differ per operation and their pages do not pin them down, so the reading is tolerant, first
// match wins: a string; OpenAI-like `choices[0]`; `delta`, `token` (increments by name); `content`, `text`, `message`,
// `answer` (a string, an object read alike, `text` parts, Draft.js `blocks`); `result`; `responses`.
type TextPiece = { text: string; increment: boolean };
const recordOf = (value: unknown) =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const firstString = (...values: unknown[]) => values.find((value): value is string => typeof value === "string");
const strings = (list: unknown[], pick: (item: unknown) => unknown) =>
  list.map(pick).filter((text): text is string => typeof text === "string");
const incrementOf = (field: unknown) => firstString(field, recordOf(field)?.content ?? recordOf(field)?.text);
function textOf(event: unknown, depth: number): TextPiece | undefined {
  if (typeof event === "string") return { text: event, increment: false };
  const record = recordOf(event);
  if (!record || depth > 4) return undefined;
  const choice = Array.isArray(record.choices) ? recordOf(record.choices[0]) : undefined;
  const increment = firstString(recordOf(choice?.delta)?.content, choice?.text);
  if (increment !== undefined) return { text: increment, increment: true };
  const message = firstString(recordOf(choice?.message)?.content);
  if (message !== undefined) return { text: message, increment: false };
  const named = firstString(incrementOf(record.delta), incrementOf(record.token));
  if (named !== undefined) return { text: named, increment: true };
  for (const key of ["content", "text", "message", "answer"]) {
    const field = record[key];
    const blocks = key === "answer" ? recordOf(field)?.blocks : undefined;
    if (Array.isArray(blocks))
      return { text: strings(blocks, (block) => recordOf(block)?.text).join("\n"), increment: false };
    const parts =
      key === "content" && Array.isArray(field) ? strings(field, (p) => firstString(p, recordOf(p)?.text)) : [];
    const text = Array.isArray(field) ? (parts.length ? parts.join("") : undefined) : textOf(field, depth + 1)?.text;
    if (text !== undefined) return { text, increment: false };
  }
  const result = textOf(record.result, depth + 1);
  const responses = Array.isArray(record.responses) ? strings(record.responses, (r) => textOf(r, depth + 1)?.text) : [];
  return result ?? (responses.length ? { text: responses.join("\n"), increment: false } : undefined);
}
export const eventText = (event: unknown): TextPiece | undefined => textOf(event, 0);
/** A stream's text. A piece resending all the text so far ("Hel", "Hello") replaces it, unless it is an increment. */
export class TextCollector {
  text = "";
  /** Adds an event; returns the text it added at the end (empty when it added none). */
  add(event: unknown): string {
    const { text = "", increment = true } = eventText(event) ?? {};
    const added = !increment && text.startsWith(this.text) ? text.slice(this.text.length) : text;
    this.text += added;
    return added;
  }
}
