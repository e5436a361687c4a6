/** The SDK's one redaction: each client registers its secrets here, and every rendering passes through `redact`. */
const REDACTED = "[redacted]";
const SECRET_HEADERS = new Set(["api-key", "authorization", "proxy-authorization", "cookie", "set-cookie"]);
const MAX_DEPTH = 32; // deeper than any error body the API sends: a deeper value is cut, not walked
// With many live clients (a server holding one per tenant) one alternation of every secret is slow to build and
// to run: past this many forms, secrets are found through an index by their first four characters. Matching ignores
// letter case: a server may fold what it echoes (a media type, a header name lower-cased).
const MAX_PATTERN_FORMS = 256;
/** Every form of every live client's secrets, with how many clients hold it, and the same by prefix. */
const registry = new Map<string, number>();
const byPrefix = new Map<string, Map<string, number>>(); // folded prefix -> folded form -> how many hold it
let pattern: RegExp | null | undefined;
// A client's secrets leave with it, so a server that makes a client per token does not keep them all.
const released =
  typeof FinalizationRegistry === "undefined"
    ? undefined
    : new FinalizationRegistry((forms: readonly string[]) => forms.forEach((form) => count(form, -1)));
/** Letters A-Z lower-cased, so that a folded text keeps its length (keys are ASCII; the pattern folds all with "i"). */
const fold = (text: string) => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
function count(form: string, by: 1 | -1): void {
  const now = (registry.get(form) ?? 0) + by;
  const [key, lower] = [fold(form.slice(0, 4)), fold(form)];
  const prefix = byPrefix.get(key) ?? new Map<string, number>();
  const held = (prefix.get(lower) ?? 0) + by; // forms differing only in case share their folded entry
  if (now > 0) registry.set(form, now);
  else registry.delete(form);
  if (held > 0) byPrefix.set(key, prefix.set(lower, held));
  else if (prefix.delete(lower) && !prefix.size) byPrefix.delete(key);
  pattern = undefined;
}
/** Registers secrets for as long as `owner` (a client's core) lives: as given, trimmed, and URL-encoded. */
export function registerSecrets(owner: object, secrets: readonly (string | undefined)[]): void {
  const bases = secrets.flatMap((secret) => (secret ? [secret, secret.trim()] : []));
  const forms = bases.flatMap((b) => [b, encodeURIComponent(b), encodeURIComponent(b).replace(/%20/g, "+")]);
  // Shorter than this, a "secret" would redact ordinary words; no real key is this short.
  const kept = [...new Set(forms)].filter((form) => form.length >= 4);
  for (const form of kept) count(form, 1);
  if (kept.length) released?.register(owner, kept);
}
export function redactText(text: string): string {
  if (text.length < 4 || registry.size === 0) return text;
  if (pattern === undefined && registry.size <= MAX_PATTERN_FORMS) {
    const forms = [...registry.keys()].sort((a, b) => b.length - a.length);
    pattern = new RegExp(forms.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "gi");
  }
  if (pattern) return text.replace(pattern, REDACTED);
  // The index's way: at each position, the longest secret starting with the next four characters.
  const folded = fold(text);
  let [out, copied] = ["", 0];
  for (let at = 0; at + 4 <= text.length;) {
    let match = "";
    for (const form of byPrefix.get(folded.slice(at, at + 4))?.keys() ?? [])
      if (form.length > match.length && folded.startsWith(form, at)) match = form;
    if (!match) at++;
    else {
      out += text.slice(copied, at) + REDACTED;
      copied = at += match.length;
    }
  }
  return out + text.slice(copied);
}
/** A copy of `value`, every secret replaced in strings, keys, items and errors (a cycle, or past depth 32: "[…]"). */
export function redact<T>(value: T): T {
  if (registry.size === 0) return value;
  const seen = new Set<object>();
  const walk = (at: unknown, depth: number): unknown => {
    if (typeof at === "string") return redactText(at);
    if (!at || typeof at !== "object") return at;
    if (seen.has(at) || depth >= MAX_DEPTH) return "[…]";
    seen.add(at);
    try {
      if (Array.isArray(at)) return at.map((item) => walk(item, depth + 1));
      if (at instanceof Error) {
        // An error with a secret anywhere in it becomes a plain redacted record of it; a clean one is kept.
        const raw = recordOf(at);
        const clean = walk(raw, depth + 1) as Record<string, unknown>;
        if (jsonOf(clean) === jsonOf(raw)) return at;
        delete clean.stack;
        return clean;
      }
      const proto: unknown = Object.getPrototypeOf(at);
      if (proto !== Object.prototype && proto !== null) return at;
      return Object.fromEntries(Object.entries(at).map(([key, item]) => [redactText(key), walk(item, depth + 1)]));
    } finally {
      seen.delete(at);
    }
  };
  return walk(value, 0) as T;
}
function recordOf(e: Error): Record<string, unknown> {
  const record: Record<string, unknown> = { name: e.name, message: e.message, stack: e.stack, ...(e as object) };
  return e.cause === undefined ? record : { ...record, cause: e.cause };
}
function jsonOf(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, item: unknown) => (item instanceof Error ? recordOf(item) : item)) ?? "";
  } catch {
    return String(Math.random()); // unserialisable: never equal, so the record is used
  }
}
/** At most `max` characters of `text`, redacted before the cut (a cut through a secret leaves an unmatched piece). */
export function cutAfterRedacting(text: string, max: number): string {
  const clean = redactText(text);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
/** `cutAfterRedacting` as a JSON string literal, to quote server text in a message. */
export const excerpt = (text: string, max = 200): string => JSON.stringify(cutAfterRedacting(text, max));
/** Headers as a plain object: the secret-bearing ones and any echoed secret redacted. */
export function redactHeaders(headers: { forEach(each: (value: string, name: string) => void): void }) {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[redactText(name)] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : redactText(value);
  });
  return out;
}
