/**
 * What went wrong in a JSON text, without the parser's own words: V8's SyntaxError quotes the
 * text around the fault, and that quote can hold a piece of an echoed secret too short to be
 * recognised and redacted. Only the position survives.
 */
export function jsonSyntaxDetail(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return `invalid JSON at position ${position}`;
  return /end of (JSON )?input|Unterminated/i.test(message) ? "the JSON text ends too early" : "invalid JSON";
}
