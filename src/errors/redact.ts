/**
 * The one redaction of the SDK, and its one source of secrets: every client registers its API key
 * or token here when it is created, and every rendering (an error's message and fields, log lines,
 * CLI output) passes through `redact`, which replaces each secret in strings, object keys and
 * nested values. Text is cut short only after it is redacted: a cut through a secret leaves a
 * piece of it that no longer matches.
 */

export const REDACTED = "[redacted]";
const SECRET_HEADERS = new Set(["api-key", "authorization", "proxy-authorization", "cookie", "set-cookie"]);
/** Deeper than any error body the API sends; a deeper value is cut, not walked. */
const MAX_DEPTH = 32;
/**
 * With many live clients (a server holding one per tenant) one alternation of every secret would
 * be slow to build and to run: past this many forms they are found by their first four characters.
 */
const MAX_PATTERN_FORMS = 256;

/** Every form of every live client's secrets, with how many clients hold it, and the same by prefix. */
const registry = new Map<string, number>();
const byPrefix = new Map<string, Set<string>>();
let pattern: RegExp | null | undefined;
// A client's secrets leave with it, so a server that makes a client per token does not keep them all.
const released = typeof FinalizationRegistry === "undefined" ? undefined : new FinalizationRegistry(forget);

function count(form: string, by: 1 | -1): void {
  const now = (registry.get(form) ?? 0) + by;
  const prefix = byPrefix.get(form.slice(0, 4)) ?? new Set<string>();
  if (now > 0) registry.set(form, now);
  else registry.delete(form);
  if (now > 0) byPrefix.set(form.slice(0, 4), prefix.add(form));
  else if (prefix.delete(form) && prefix.size === 0) byPrefix.delete(form.slice(0, 4));
  pattern = undefined;
}

function forget(forms: readonly string[]): void {
  for (const form of forms) count(form, -1);
}

/** Registers secrets for as long as `owner` (a client's core) lives: as given, trimmed, and URL-encoded. */
export function registerSecrets(owner: object, secrets: readonly (string | undefined)[]): void {
  const forms = new Set<string>();
  for (const secret of secrets.filter(Boolean) as string[]) {
    for (const base of [secret, secret.trim()]) {
      const encoded = encodeURIComponent(base);
      forms.add(base).add(encoded).add(encoded.replace(/%20/g, "+"));
    }
  }
  // Shorter than this, a "secret" would redact ordinary words; no real key is this short.
  const kept = [...forms].filter((form) => form.length >= 4);
  for (const form of kept) count(form, 1);
  if (kept.length) released?.register(owner, kept);
}

/** Every registered secret in `text` replaced. */
export function redactText(text: string): string {
  if (text.length < 4 || registry.size === 0) return text;
  if (pattern === undefined && registry.size <= MAX_PATTERN_FORMS) {
    const forms = [...registry.keys()].sort((a, b) => b.length - a.length);
    pattern = new RegExp(forms.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
  }
  if (pattern) return text.replace(pattern, REDACTED);
  // The index's way: at each position, the longest secret starting with the next four characters.
  let out = "";
  let copied = 0;
  for (let at = 0; at + 4 <= text.length;) {
    let match = "";
    for (const form of byPrefix.get(text.slice(at, at + 4)) ?? []) {
      if (form.length > match.length && text.startsWith(form, at)) match = form;
    }
    if (!match) at++;
    else {
      out += text.slice(copied, at) + REDACTED;
      copied = at += match.length;
    }
  }
  return out + text.slice(copied);
}

/**
 * A copy of `value` with every secret replaced: in strings, object keys, array items and errors
 * (message, stack, own fields, causes), at any depth (a cycle or a depth past 32 becomes "[…]").
 */
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
      if (at instanceof Error) return redactError(at, (item) => walk(item, depth + 1));
      const proto: unknown = Object.getPrototypeOf(at);
      if (proto !== Object.prototype && proto !== null) return at;
      return Object.fromEntries(Object.entries(at).map(([key, item]) => [redactText(key), walk(item, depth + 1)]));
    } finally {
      seen.delete(at);
    }
  };
  return walk(value, 0) as T;
}

/** An error with a secret anywhere in it becomes a plain redacted record of it; a clean one is kept. */
function redactError(error: Error, walk: (value: unknown) => unknown): unknown {
  const raw: Record<string, unknown> = { name: error.name, message: error.message, stack: error.stack };
  Object.assign(raw, error, error.cause === undefined ? {} : { cause: error.cause });
  const clean = walk(raw) as Record<string, unknown>;
  if (jsonOf(clean) === jsonOf(raw)) return error;
  delete clean.stack;
  return clean;
}

function jsonOf(value: unknown): string {
  try {
    const expand = (_key: string, item: unknown) =>
      item instanceof Error
        ? { ...item, name: item.name, message: item.message, stack: item.stack, cause: item.cause }
        : item;
    return JSON.stringify(value, expand) ?? "";
  } catch {
    return String(Math.random()); // unserialisable: never equal, so the record is used
  }
}

/** At most `max` characters of `text`, redacted first and cut after (with "…" when cut). */
export function cutAfterRedacting(text: string, max: number): string {
  const clean = redactText(text);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** `cutAfterRedacting` as a JSON string literal, to quote server text in a message. */
export const excerpt = (text: string, max = 200): string => JSON.stringify(cutAfterRedacting(text, max));

/** Headers as a plain object: the secret-bearing ones and any echoed secret redacted. */
export function redactHeaders(headers: { forEach(callback: (value: string, name: string) => void): void }) {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[redactText(name)] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : redactText(value);
  });
  return out;
}
