/**
 * The text an event carries, and the whole text of a stream. The four streaming operations shape
 * their events differently and the documentation does not pin them down, so extraction is
 * tolerant. It reads, first match wins:
 *   - a string event: itself;
 *   - OpenAI-like `choices[0].delta.content`, `choices[0].text`, `choices[0].message.content`;
 *   - `delta` (a string, or its `content` / `text`), `token` (a string, or its `text`);
 *   - `content`, `text`, `message`, `answer`: a string, or an object read by these same rules;
 *     `content` may also be an array of parts with `text`; an `answer` object may be Draft.js
 *     (`blocks[].text`, joined by newlines);
 *   - `result`: read by these rules; `responses`: each element read, joined by newlines
 *     (run LLM app's `result.responses[].message`).
 *
 * Some servers send increments ("Hel", "lo"), others the whole text so far ("Hel", "Hello").
 * The collector tells them apart per piece: a piece that begins with everything collected so far
 * replaces it; any other piece is appended. Pieces from `delta`, `token` or `choices[].delta`
 * are increments by name and are always appended.
 */

/** The text of one event. */
export interface TextPiece {
  text: string;
  /** True when the field says the piece is an increment, whatever it looks like. */
  increment: boolean;
}

const MAX_DEPTH = 4;

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The text of `content` given as an array of parts (`[{ type: "text", text }]`). */
function partsText(parts: unknown[]): string | undefined {
  const texts = parts.map((part) => (typeof part === "string" ? part : asRecord(part)?.text)).filter((t): t is string => typeof t === "string");
  return texts.length ? texts.join("") : undefined;
}

function draftText(answer: Record<string, unknown>): string | undefined {
  if (!Array.isArray(answer.blocks)) return undefined;
  return answer.blocks.map((block) => asRecord(block)?.text).filter((t): t is string => typeof t === "string").join("\n");
}

function plainText(value: unknown, depth: number): string | undefined {
  if (typeof value === "string") return value;
  return textOf(value, depth + 1)?.text;
}

function textOf(event: unknown, depth: number): TextPiece | undefined {
  if (typeof event === "string") return { text: event, increment: false };
  const record = asRecord(event);
  if (!record || depth > MAX_DEPTH) return undefined;

  if (Array.isArray(record.choices)) {
    const choice = asRecord(record.choices[0]);
    const delta = asRecord(choice?.delta)?.content;
    if (typeof delta === "string") return { text: delta, increment: true };
    if (typeof choice?.text === "string") return { text: choice.text, increment: true };
    const message = asRecord(choice?.message)?.content;
    if (typeof message === "string") return { text: message, increment: false };
  }
  for (const key of ["delta", "token"] as const) {
    const field = record[key];
    const text = typeof field === "string" ? field : (asRecord(field)?.content ?? asRecord(field)?.text);
    if (typeof text === "string") return { text, increment: true };
  }
  for (const key of ["content", "text", "message", "answer"] as const) {
    const field = record[key];
    if (field === undefined || field === null) continue;
    let text: string | undefined;
    if (Array.isArray(field)) text = key === "content" ? partsText(field) : undefined;
    else if (key === "answer" && asRecord(field)) text = draftText(field as Record<string, unknown>) ?? plainText(field, depth);
    else text = plainText(field, depth);
    if (text !== undefined) return { text, increment: false };
  }
  if (record.result !== undefined) {
    const inner = textOf(record.result, depth + 1);
    if (inner) return inner;
  }
  if (Array.isArray(record.responses)) {
    const texts = record.responses.map((r) => textOf(r, depth + 1)?.text).filter((t): t is string => t !== undefined);
    if (texts.length) return { text: texts.join("\n"), increment: false };
  }
  return undefined;
}

/** The text one event carries (see the module comment for what is read), or undefined. */
export function eventText(event: unknown): TextPiece | undefined {
  return textOf(event, 0);
}

/** Builds a stream's whole text from its events, one at a time. */
export class TextCollector {
  private collected = "";

  /** Adds an event; returns the text it added at the end (empty when it added none). */
  add(event: unknown): string {
    const piece = eventText(event);
    if (!piece || piece.text === "") return "";
    const before = this.collected;
    if (!piece.increment && before !== "" && piece.text.length >= before.length && piece.text.startsWith(before)) {
      this.collected = piece.text;
      return piece.text.slice(before.length);
    }
    this.collected = before + piece.text;
    return piece.text;
  }

  get text(): string {
    return this.collected;
  }
}
