/**
 * Response bytes → decoded events, whatever the wire format: Server-Sent Events, newline-delimited
 * JSON, JSON values back to back, or one plain JSON body. UTF-8 characters split across chunks are
 * joined before anything looks at the text.
 */
import { jsonSyntaxDetail } from "../json-syntax.js";
import { InvalidSignal, isErrorPayload, ErrorSignal, OversizeSignal, TruncatedSignal, type Decoded } from "./decoded.js";
import { JsonSplitter } from "./json-splitter.js";
import { SseDecoder } from "./sse-decoder.js";

/** The two families of wire format the SDK reads. */
export type WireFormat = "sse" | "json";

/** The format a Content-Type names, if it names one the SDK reads. */
export function formatOfContentType(contentType: string | null | undefined): WireFormat | undefined {
  const mime = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (mime === "text/event-stream") return "sse";
  // application/json, +json, application/x-ndjson, application/jsonl, application/json-seq, text/json…
  if (/json/.test(mime)) return "json";
  return undefined;
}

/**
 * The format the body's first visible character shows, when it settles the question: JSON
 * starts with `{` or `[`, which no SSE line can; SSE starts with a field (`data:`, `event:`,
 * `id:`, `retry:`) or a `:` comment, which no JSON value can. Servers mislabel streams, so the
 * body wins over the header when it is this clear.
 */
function formatOfFirstChar(code: number): WireFormat | undefined {
  if (code === 123 || code === 91) return "json";
  if (code === 100 || code === 101 || code === 105 || code === 114 || code === 58) return "sse"; // d e i r :
  return undefined;
}

function isLeadingSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9 || code === 30 || code === 0xfeff;
}

interface TextDecoderLike {
  push(text: string, out: Decoded[]): void;
  end(out: Decoded[]): void;
}

/** JSON values → decoded events (the SSE decoder's counterpart for JSON streams). */
class JsonDecoder implements TextDecoderLike {
  private readonly splitter = new JsonSplitter();
  private readonly texts: string[] = [];

  push(text: string, out: Decoded[]): void {
    this.splitter.push(text, this.texts);
    this.flush(out);
  }

  end(out: Decoded[]): void {
    const cut = this.splitter.end(this.texts);
    this.flush(out);
    if (cut !== undefined) out.push(new TruncatedSignal(cut));
  }

  private flush(out: Decoded[]): void {
    for (const text of this.texts) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        out.push(new InvalidSignal(text, `an event is not valid JSON: ${jsonSyntaxDetail(error)}`));
        continue;
      }
      out.push(isErrorPayload(value) ? new ErrorSignal(value) : value);
    }
    this.texts.length = 0;
  }
}

/** The most of a chunk decoded at once: a large chunk goes in pieces, so the size check sees events as they grow. */
const PIECE_BYTES = 64 * 1024;

/** Bytes in, decoded events out; the format is chosen from the Content-Type and the first bytes. */
export class EventDecoder {
  private readonly utf8 = new TextDecoder("utf-8");
  private readonly declared: WireFormat | undefined;
  private decoder: TextDecoderLike | undefined;
  /** Leading whitespace seen before the format was settled. */
  private lead = "";
  /** Bytes pushed since the last chunk that completed an event: the size of the event still open. */
  private open = 0;
  private oversize = false;

  /** `maxEventBytes`: the most one event (or line) may hold before the stream is given up. */
  constructor(
    contentType?: string | null,
    private readonly maxEventBytes = Number.POSITIVE_INFINITY,
  ) {
    this.declared = formatOfContentType(contentType);
  }

  /**
   * Feeds a chunk of the body; the events it completes are appended to `out`. The chunk goes in
   * pieces of at most `maxEventBytes`; the bytes of the line (or, without line ends, the event)
   * still open are counted across pieces, and a piece that would take it past `maxEventBytes` is
   * not parsed: the stream is given up before the parsers buffer more (a 600 MB line is past V8's
   * string limit).
   */
  push(bytes: Uint8Array, out: Decoded[]): void {
    const piece = Math.min(this.maxEventBytes, PIECE_BYTES);
    for (let at = 0; at < bytes.byteLength && !this.oversize; at += piece) {
      const part = bytes.byteLength <= piece ? bytes : bytes.subarray(at, at + piece);
      // The open line goes on up to this part's first line end: too long already, nothing more is parsed.
      const firstEnd = part.indexOf(10);
      if (this.open + (firstEnd >= 0 ? firstEnd : part.byteLength) > this.maxEventBytes) {
        this.oversize = true;
        out.push(new OversizeSignal(this.maxEventBytes));
        return;
      }
      const before = out.length;
      const text = this.utf8.decode(part, { stream: true });
      if (text) this.pushText(text, out);
      const lineEnd = part.lastIndexOf(10);
      if (lineEnd >= 0) this.open = part.byteLength - lineEnd - 1;
      else this.open = out.length > before ? 0 : this.open + part.byteLength;
    }
  }

  /** Ends the body: flushes a character or event still open (a cut-off one becomes a TruncatedSignal). */
  end(out: Decoded[]): void {
    if (this.oversize) return;
    const rest = this.utf8.decode();
    if (rest) this.pushText(rest, out);
    this.decoder?.end(out);
  }

  private pushText(text: string, out: Decoded[]): void {
    if (this.decoder) {
      this.decoder.push(text, out);
      return;
    }
    let i = 0;
    while (i < text.length && isLeadingSpace(text.charCodeAt(i))) i++;
    if (i === text.length) {
      this.lead += text;
      return;
    }
    const format = formatOfFirstChar(text.charCodeAt(i)) ?? this.declared ?? guessFromValueStart(text.charCodeAt(i));
    // An HTML error page from a proxy, say: failing says more than a stream with no events.
    this.decoder = format === "sse" ? new SseDecoder() : format === "json" ? new JsonDecoder() : new UnreadableDecoder();
    const lead = this.lead;
    this.lead = "";
    this.decoder.push(lead + text, out);
  }
}

/** No format in the header and none settled by the first character: a JSON scalar's start (`"`, digit, `-`, `t`/`f`/`n`) means JSON. */
function guessFromValueStart(code: number): WireFormat | undefined {
  const jsonStart = code === 34 || code === 45 || (code >= 48 && code <= 57) || code === 116 || code === 102 || code === 110;
  return jsonStart ? "json" : undefined;
}

/** How much of an unreadable body its error quotes. */
const EXCERPT = 200;

/** A body in no format the SDK reads: reported once, with its first 200 characters. */
class UnreadableDecoder implements TextDecoderLike {
  private start = "";
  private reported = false;

  push(text: string, out: Decoded[]): void {
    if (this.reported) return;
    this.start += text;
    // Kept longer than the excerpt, so that a secret across its end is still whole when redacted.
    if (this.start.length >= EXCERPT * 4) this.report(out);
  }

  end(out: Decoded[]): void {
    if (!this.reported) this.report(out);
  }

  private report(out: Decoded[]): void {
    this.reported = true;
    out.push(new InvalidSignal(this.start.trimStart().slice(0, EXCERPT * 4), "the response is neither Server-Sent Events nor JSON"));
  }
}

/** Decodes a byte stream into events and signals: the pure pipeline, for any chunk source. */
export async function* decodeStream(chunks: AsyncIterable<Uint8Array>, contentType?: string | null): AsyncGenerator<Decoded> {
  const decoder = new EventDecoder(contentType);
  const out: Decoded[] = [];
  for await (const chunk of chunks) {
    decoder.push(chunk, out);
    yield* out;
    out.length = 0;
  }
  decoder.end(out);
  yield* out;
}
