/**
 * The text an event carries. Events differ per operation and their pages do not pin them down, so the reading is
 * tolerant, first match wins: a string; OpenAI-like `choices[0]`; `delta`, `token` (an `increment` by name); `content`,
 * `text`, `message`, `answer` (a string, an object read alike, `text` parts, Draft.js `blocks`); `result`; `responses`.
 */
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
