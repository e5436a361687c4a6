/**
 * Response bytes → events. Server-Sent Events (what the spec declares) through eventsource-parser,
 * and, for servers that answer otherwise, JSON values (one body, lines, a JSON text sequence, or
 * objects back to back). The format is chosen by the body's first character where that settles it
 * (servers mislabel streams), else by the Content-Type. UTF-8 characters split across chunks are
 * joined before anything looks at the text. Pure: fed by any chunks, tested with no HTTP.
 */
import { createParser, type EventSourceMessage, type EventSourceParser } from "eventsource-parser";
import { jsonSyntaxDetail } from "../../errors/errors.js";

/** Anything a decoder finds that is not an ordinary event; an ordinary event is its value itself. */
export class Signal {
  constructor(
    /** done: `[DONE]`; error: an error event; invalid: unreadable text; truncated: cut off; oversize: past maxEventBytes. */
    readonly kind: "done" | "error" | "invalid" | "truncated" | "oversize",
    /** error: the event's value; invalid, truncated: its text. */
    readonly data?: unknown,
    /** invalid: why the text cannot be read. */
    readonly detail?: string,
  ) {}
}

/**
 * Whether a JSON value reports an error rather than carrying data: a non-empty `error` or
 * `errors` (or `true`), or `type: "error"`. The API's sync bodies carry `"errors": null`.
 */
export function isErrorPayload(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const { error, errors, type } = value as Record<string, unknown>;
  const says = (field: unknown) =>
    field === true ||
    (typeof field === "string" && field.trim() !== "") ||
    (Array.isArray(field) ? field.length > 0 : typeof field === "object" && field !== null && Object.keys(field).length > 0);
  return type === "error" || says(error) || says(errors);
}

/** The format a Content-Type names, if it names one the SDK reads. */
export function formatOf(contentType: string | null | undefined): "sse" | "json" | undefined {
  const mime = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  return mime === "text/event-stream" ? "sse" : mime.includes("json") ? "json" : undefined;
}

/** One JSON event: its value, an error signal when it reports one, or an invalid signal. */
const parseJson = (text: string, out: unknown[]): void => {
  try {
    const value: unknown = JSON.parse(text);
    out.push(isErrorPayload(value) ? new Signal("error", value) : value);
  } catch (error) {
    out.push(new Signal("invalid", text, `an event is not valid JSON: ${jsonSyntaxDetail(error)}`));
  }
};

interface TextDecoding {
  push(text: string, out: unknown[]): void;
  end(out: unknown[]): void;
}

/** SSE text → events: each event's data JSON-decoded, or its text when it is not JSON. */
function sseDecoding(): TextDecoding {
  let out: unknown[] = [];
  let ending = false;
  let dispatched = 0;
  /** The first line that is not an SSE field, to report a body that is not SSE at all. */
  let stray: string | undefined;
  const onEvent = ({ event, data }: EventSourceMessage) => {
    dispatched++;
    if (event !== "error" && data === "") return; // a keep-alive, or a named event with no payload
    if (event !== "error" && data.length < 16 && data.trim() === "[DONE]") return void out.push(new Signal("done"));
    let value: unknown;
    let parsed = true;
    try {
      value = JSON.parse(data);
    } catch (error) {
      parsed = false;
      value = error;
    }
    if (event === "error") out.push(new Signal("error", parsed ? value : data));
    else if (parsed) out.push(isErrorPayload(value) ? new Signal("error", value) : value);
    // Some servers omit the last blank line: a complete JSON event is kept, a cut one reported.
    else if (ending) out.push(new Signal("truncated", data));
    else if (/^\s*[[{]/.test(data)) out.push(new Signal("invalid", data, `an event is not valid JSON: ${jsonSyntaxDetail(value)}`));
    else out.push(data);
  };
  const parser: EventSourceParser = createParser({ onEvent, onError: (error) => void (error.type === "unknown-field" && (stray ??= error.line)) });
  return {
    push(text, into) {
      out = into;
      parser.feed(text);
    },
    end(into) {
      out = into;
      ending = true;
      parser.feed("\n\n");
      if (dispatched === 0 && stray !== undefined) {
        out.push(new Signal("invalid", stray, "the response is not Server-Sent Events: no events, and lines that are not SSE fields"));
      }
    },
  };
}

/** JSON text → one event per top-level value; only nesting and strings are tracked, JSON.parse does the rest. */
function jsonDecoding(): TextDecoding {
  let pending = "";
  let depth = 0;
  let inValue = false;
  let scalar = false;
  let inString = false;
  let escaped = false;
  const complete = (text: string, from: number, to: number, out: unknown[]) => {
    parseJson(pending + text.slice(from, to), out);
    pending = "";
    inValue = scalar = false;
    depth = 0;
  };
  return {
    push(text, out) {
      let from = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 92) escaped = true;
          else if (c === 34 && !(inString = false) && depth === 0) complete(text, from, i + 1, out);
          continue;
        }
        // Between values: whitespace, a comma, a JSON text sequence's record separator, a BOM.
        const separator = c <= 32 || c === 44 || c === 30 || c === 0xfeff;
        if (scalar && (separator || c === 123 || c === 91 || c === 34)) complete(text, from, i, out);
        if (separator && !inValue) continue;
        if (!inValue) {
          inValue = true;
          from = i;
          scalar = c !== 123 && c !== 91 && c !== 34;
        }
        if (c === 34) inString = true;
        else if (c === 123 || c === 91) depth++;
        // A closer with nothing open is handed on alone, for JSON.parse to report.
        else if ((c === 125 || c === 93) && --depth <= 0) complete(text, from, i + 1, out);
      }
      if (inValue) pending += text.slice(from);
    },
    end(out) {
      if (scalar) complete("", 0, 0, out);
      else if (inValue) out.push(new Signal("truncated", pending));
    },
  };
}

/** A body in no format the SDK reads: reported once, with its start (longer than the excerpt, for redaction). */
function unreadable(): TextDecoding {
  let start = "";
  let reported = false;
  const report = (out: unknown[]) => {
    reported = true;
    out.push(new Signal("invalid", start.trimStart().slice(0, 800), "the response is neither Server-Sent Events nor JSON"));
  };
  return {
    push(text, out) {
      if (reported) return;
      start += text;
      if (start.length >= 800) report(out);
    },
    end: (out) => void (reported || report(out)),
  };
}

/** The most of a chunk decoded at once: a large chunk goes in pieces, so the size check sees events as they grow. */
const PIECE_BYTES = 64 * 1024;

/**
 * Decodes a body's chunks into events and signals. `maxEventBytes`: the most one line (or, with
 * no line ends, one event) may hold; past it, nothing more is parsed (a 600 MB line is past V8's
 * string limit) and the stream ends with an oversize signal.
 */
export async function* decodeStream(
  chunks: AsyncIterable<Uint8Array>,
  contentType: string | null | undefined,
  maxEventBytes = Number.POSITIVE_INFINITY,
): AsyncGenerator<unknown, void, undefined> {
  const utf8 = new TextDecoder();
  const out: unknown[] = [];
  let decoding: TextDecoding | undefined;
  let lead = "";
  /** Bytes since the last line end (or the last event): the size of the one still open. */
  let open = 0;
  const feed = (text: string) => {
    if (!decoding) {
      const first = /[^\s\x1e]/.exec(text);
      if (!first) return void (lead += text);
      const code = text.charCodeAt(first.index);
      // JSON starts with { or [, which no SSE line can; SSE with a field or a comment, which no JSON value can.
      const format = code === 123 || code === 91 ? "json" : /[deir:]/.test(first[0]) ? "sse" : (formatOf(contentType) ?? (/["\d\-tfn]/.test(first[0]) ? "json" : undefined));
      decoding = format === "sse" ? sseDecoding() : format === "json" ? jsonDecoding() : unreadable();
      text = lead + text;
    }
    decoding.push(text, out);
  };
  for await (const chunk of chunks) {
    const piece = Math.min(maxEventBytes, PIECE_BYTES);
    for (let at = 0; at < chunk.byteLength; at += piece) {
      const part = chunk.byteLength <= piece ? chunk : chunk.subarray(at, at + piece);
      const firstEnd = part.indexOf(10);
      if (open + (firstEnd >= 0 ? firstEnd : part.byteLength) > maxEventBytes) {
        yield* out.splice(0);
        yield new Signal("oversize", maxEventBytes);
        return;
      }
      const before = out.length;
      feed(utf8.decode(part, { stream: true }));
      const lastEnd = part.lastIndexOf(10);
      open = lastEnd >= 0 ? part.byteLength - lastEnd - 1 : out.length > before ? 0 : open + part.byteLength;
    }
    yield* out.splice(0);
  }
  feed(utf8.decode());
  decoding?.end(out);
  yield* out.splice(0);
}
