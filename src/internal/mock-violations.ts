/**
 * Prism (the validating mock, `alli mock`) says why it refused a request, or why a response
 * broke the spec, only in an `sl-violations` header: a JSON list of `{ location, message }`. The
 * SDK puts them in the error's message, so that a user's contract test shows the reason.
 */

/** `request.body.messages.0.role: must be equal to one of the allowed values; …`, or undefined without the header. */
export function describeViolations(headers: { get(name: string): string | null }): string | undefined {
  const raw = headers.get("sl-violations");
  if (!raw) return undefined;
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!Array.isArray(list) || list.length === 0) return undefined;
  return list
    .map((item: { location?: unknown; message?: unknown }) => {
      const where = Array.isArray(item?.location) ? item.location.join(".") : "";
      const message = typeof item?.message === "string" ? item.message : JSON.stringify(item);
      return where ? `${where}: ${message}` : message;
    })
    .join("; ");
}
