/**
 * Server-Sent Events → decoded events, through eventsource-parser (comments, `event:`, `id:`,
 * `retry:`, multi-line `data:`, CR / LF / CRLF line ends). Each event's data is JSON-decoded;
 * data that is not JSON is handed on as its text, unless it starts like JSON and is broken.
 */
import { jsonSyntaxDetail } from "../json-syntax.js";
import { createParser, type EventSourceMessage, type EventSourceParser } from "eventsource-parser";
import { DoneSignal, ErrorSignal, InvalidSignal, isErrorPayload, TruncatedSignal, type Decoded } from "./decoded.js";

const DONE = "[DONE]";

/** What parseJson returns for text that is not JSON (no wrapper object per event on the hot path). */
const NOT_JSON: unique symbol = Symbol("not JSON");
let lastParseError = "";

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    lastParseError = jsonSyntaxDetail(error);
    return NOT_JSON;
  }
}

/** Whether text that failed to parse was meant to be JSON (so failing is an error, not plain text). */
function looksLikeJson(text: string): boolean {
  const first = text.trimStart().charCodeAt(0);
  return first === 123 /* { */ || first === 91 /* [ */;
}

/** Text of an SSE body in, decoded events and signals out. */
export class SseDecoder {
  private readonly parser: EventSourceParser;
  private out: Decoded[] = [];
  private ending = false;
  private dispatched = 0;
  /** The first line that is not an SSE field, kept to report a body that is not SSE at all. */
  private strayLine: string | undefined;

  constructor() {
    this.parser = createParser({
      onEvent: (message) => this.onEvent(message),
      onError: (error) => {
        if (error.type === "unknown-field") this.strayLine ??= error.line;
      },
    });
  }

  /** Feeds a chunk of text; events it completes are appended to `out`. */
  push(text: string, out: Decoded[]): void {
    this.out = out;
    this.parser.feed(text);
  }

  /**
   * Ends the input. An event whose blank line never came is kept if its data is complete JSON
   * (some servers omit the last blank line) and reported as truncated otherwise.
   */
  end(out: Decoded[]): void {
    this.out = out;
    this.ending = true;
    // Ends any partial line and then the event in progress, so that the parser dispatches it.
    this.parser.feed("\n\n");
    // SSE ignores lines it does not know; a body of nothing but such lines is not an event stream.
    if (this.dispatched === 0 && this.strayLine !== undefined) {
      out.push(new InvalidSignal(this.strayLine, "the response is not Server-Sent Events: no events, and lines that are not SSE fields"));
    }
  }

  private onEvent({ event, data }: EventSourceMessage): void {
    const out = this.out;
    this.dispatched++;
    if (event === "error") {
      const parsed = parseJson(data);
      out.push(new ErrorSignal(parsed === NOT_JSON ? data : parsed, event));
      return;
    }
    if (data === "") return; // a keep-alive or a named event with no payload
    if (data === DONE || (data.length < 16 && data.trim() === DONE)) {
      out.push(new DoneSignal());
      return;
    }
    const parsed = parseJson(data);
    if (parsed !== NOT_JSON) {
      out.push(isErrorPayload(parsed) ? new ErrorSignal(parsed, event) : parsed);
    } else if (this.ending) {
      out.push(new TruncatedSignal(data));
    } else if (looksLikeJson(data)) {
      out.push(new InvalidSignal(data, `an event is not valid JSON: ${lastParseError}`));
    } else {
      out.push(data);
    }
  }
}
