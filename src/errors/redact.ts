/**
 * The one redaction of the SDK. Every client registers its secrets (API key, bearer token) here
 * when it is created, and every rendering (an error's message and fields, log lines, CLI output)
 * passes through `redact`, which replaces each registered secret in strings, object keys and
 * nested values. Text is cut short only after it is redacted (`excerpt`): a cut through a secret
 * leaves a piece of it that no longer matches.
 */

export const REDACTED = "[redacted]";
const SECRET_HEADERS = new Set(["api-key", "authorization", "proxy-authorization", "cookie", "set-cookie"]);
/** Deeper than any error body the API sends; a deeper value is cut, not walked. */
const MAX_DEPTH = 32;
/**
 * With many live clients (a server holding one per tenant), one alternation of every secret
 * would be slow to rebuild and to run: past this many forms they are found by their first four
 * characters instead.
 */
const MAX_PATTERN_FORMS = 256;

/** Every form of every live client's secrets, with how many clients hold it. */
const registry = new Map<string, number>();
const byPrefix = new Map<string, Set<string>>();
let pattern: RegExp | null | undefined;
// A client's secrets leave with it, so a server that makes a client per token does not keep them all.
const released = typeof FinalizationRegistry === "undefined" ? undefined : new FinalizationRegistry(forget);

function index(form: string, add: boolean): void {
  const prefix = form.slice(0, 4);
  const forms = byPrefix.get(prefix) ?? new Set<string>();
  if (add) forms.add(form);
  else forms.delete(form);
  if (forms.size) byPrefix.set(prefix, forms);
  else byPrefix.delete(prefix);
}

function forget(forms: readonly string[]): void {
  for (const form of forms) {
    const count = (registry.get(form) ?? 1) - 1;
    if (count > 0) registry.set(form, count);
    else {
      registry.delete(form);
      index(form, false);
    }
  }
  pattern = undefined;
}

/** A secret as given, trimmed (a key read from a file), and URL-encoded (a Location, a query). */
function formsOf(secret: string): string[] {
  const forms = new Set<string>();
  for (const base of [secret, secret.trim()]) {
    const encoded = encodeURIComponent(base);
    forms.add(base).add(encoded).add(encoded.replace(/%20/g, "+"));
  }
  // Shorter than this, a "secret" would redact ordinary words; no real key is this short.
  return [...forms].filter((form) => form.length >= 4);
}

/** Registers secrets for as long as `owner` (a client's core) lives. */
export function registerSecrets(owner: object, secrets: readonly (string | undefined)[]): void {
  const forms = [...new Set(secrets.filter((s): s is string => Boolean(s)).flatMap(formsOf))];
  if (forms.length === 0) return;
  for (const form of forms) {
    if (!registry.has(form)) index(form, true);
    registry.set(form, (registry.get(form) ?? 0) + 1);
  }
  released?.register(owner, forms);
  pattern = undefined;
}

function currentPattern(): RegExp | null {
  if (pattern === undefined) {
    if (registry.size > MAX_PATTERN_FORMS) return null;
    const forms = [...registry.keys()].sort((a, b) => b.length - a.length);
    pattern = forms.length ? new RegExp(forms.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g") : null;
  }
  return pattern;
}

/** The index's way: at each position, the longest secret starting with the next four characters. */
function redactByIndex(text: string): string {
  let out = "";
  let copied = 0;
  for (let at = 0; at + 4 <= text.length; ) {
    let match: string | undefined;
    for (const form of byPrefix.get(text.slice(at, at + 4)) ?? []) {
      if ((!match || form.length > match.length) && text.startsWith(form, at)) match = form;
    }
    if (!match) at++;
    else {
      out += text.slice(copied, at) + REDACTED;
      copied = at += match.length;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Every registered secret in `text` replaced. */
export function redactText(text: string): string {
  if (text.length < 4 || registry.size === 0) return text;
  const all = currentPattern();
  return all ? text.replace(all, REDACTED) : redactByIndex(text);
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
  const raw = Object.assign({ name: error.name, message: error.message, stack: error.stack }, error) as object as Record<string, unknown>;
  if (error.cause !== undefined) raw.cause = error.cause;
  const clean = walk(raw) as Record<string, unknown>;
  if (jsonOf(clean) === jsonOf(raw)) return error;
  delete clean.stack;
  return clean;
}

function jsonOf(value: unknown): string {
  try {
    const expand = (_key: string, item: unknown) =>
      item instanceof Error ? { ...item, name: item.name, message: item.message, stack: item.stack, cause: item.cause } : item;
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
