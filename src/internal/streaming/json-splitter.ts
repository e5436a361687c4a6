/**
 * Splits text into top-level JSON values as it arrives: newline-delimited JSON, JSON objects
 * written back to back with no separator, JSON text sequences (RS-prefixed), or one plain body.
 * It only tracks nesting and strings to find where a value ends; JSON.parse does the parsing.
 */

const QUOTE = 34;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const RECORD_SEPARATOR = 30; // application/json-seq

/** Whitespace between top-level values; a comma is tolerated there too (`{…},{…}`). */
function isSeparator(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9 || code === COMMA || code === RECORD_SEPARATOR || code === 0xfeff;
}

/** Where a top-level number or literal (`42`, `true`) ends: at a separator or the next value's start. */
function endsScalar(code: number): boolean {
  return isSeparator(code) || code === OPEN_BRACE || code === OPEN_BRACKET || code === QUOTE;
}

/** Text in, the text of each complete top-level JSON value out. */
export class JsonSplitter {
  /** Text of the value in progress that came in earlier chunks. */
  private pending: string[] = [];
  private inValue = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private inScalar = false;
  private readonly stringEnd = /["\\]/g;

  /** Feeds a chunk of text; the text of each value that completes in it is appended to `out`. */
  push(text: string, out: string[]): void {
    let start = this.inValue ? 0 : -1;
    const length = text.length;
    for (let i = 0; i < length; i++) {
      if (this.inString) {
        i = this.skipString(text, i);
        if (i >= length) break;
        if (this.depth === 0) {
          this.complete(text, start, i + 1, out);
          start = -1;
        }
        continue;
      }
      const code = text.charCodeAt(i);
      if (this.inScalar) {
        if (!endsScalar(code)) continue;
        this.complete(text, start, i, out);
        start = -1;
      }
      if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        if (this.depth === 0) start = this.begin(i);
        this.depth++;
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        if (this.depth === 0) {
          // A closer with nothing open: hand it on as a value of its own so JSON.parse reports it.
          out.push(text[i]!);
          continue;
        }
        if (--this.depth === 0) {
          this.complete(text, start, i + 1, out);
          start = -1;
        }
      } else if (code === QUOTE) {
        if (this.depth === 0) start = this.begin(i);
        this.inString = true;
      } else if (this.depth === 0 && !isSeparator(code)) {
        start = this.begin(i);
        this.inScalar = true;
      }
    }
    if (this.inValue) this.pending.push(text.slice(start));
  }

  /**
   * Ends the input. A number or literal still open is complete; returns the text of a value
   * cut off in the middle (an object, array or string left open), or undefined.
   */
  end(out: string[]): string | undefined {
    if (!this.inValue) return undefined;
    const text = this.pending.join("");
    const scalar = this.inScalar;
    this.reset();
    if (scalar) {
      out.push(text);
      return undefined;
    }
    return text;
  }

  private begin(at: number): number {
    this.inValue = true;
    return at;
  }

  /** Moves past a string's body; returns the index of its closing quote, or `text.length`. */
  private skipString(text: string, from: number): number {
    if (this.escaped) {
      this.escaped = false;
      from++;
    }
    const re = this.stringEnd;
    re.lastIndex = from;
    for (;;) {
      const match = re.exec(text);
      if (!match) return text.length;
      const at = match.index;
      if (text.charCodeAt(at) === QUOTE) {
        this.inString = false;
        return at;
      }
      if (at + 1 >= text.length) {
        this.escaped = true; // the escaped character is in the next chunk
        return text.length;
      }
      re.lastIndex = at + 2;
    }
  }

  private complete(text: string, start: number, end: number, out: string[]): void {
    const tail = text.slice(start, end);
    out.push(this.pending.length ? this.pending.join("") + tail : tail);
    this.reset();
  }

  private reset(): void {
    this.pending = [];
    this.inValue = false;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.inScalar = false;
  }
}
