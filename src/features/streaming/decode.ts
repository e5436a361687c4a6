/** Response bytes → events: Server-Sent Events as the spec declares, or JSON from servers that answer otherwise. */
import { createParser } from "eventsource-parser";
import { jsonSyntaxDetail } from "../../errors/errors.js";

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
      // Ends the value begun (if any) at `to`; the next may begin at `next`.
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

/**
 * Chunks → events and signals, in the format the first character shows, else the Content-Type (`type`). Past
 * `maxEventBytes` in a line (or, with no line ends, an event), an oversize signal ends it: 600 MB is past V8's limit.
 */
export async function* decodeStream(chunks: AsyncIterable<Uint8Array>, type?: string | null, maxEventBytes = Infinity) {
  const utf8 = new TextDecoder(); // joins the UTF-8 characters that chunks split
  const out: unknown[] = [];
  const pieceBytes = Math.min(maxEventBytes, 64 * 1024); // so that the size check sees an event grow in a large chunk
  let decoder: Decoder | undefined;
  let lead = "";
  let open = 0; // bytes since the last line end (or event): the size of the one still open
  const feed = (text: string) => {
    if (!decoder) {
      const first = /[^\s\x1e]/.exec(text)?.[0];
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
      const oversize = open + (firstEnd < 0 ? piece.byteLength : firstEnd) > maxEventBytes;
      if (oversize) return yield* [...out, new Signal("oversize", maxEventBytes)];
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
