/**
 * Keeps secrets (API key, bearer token) out of anything the SDK prints or raises: the one
 * redaction the SDK has. Every client registers its secrets here, as given and trimmed (a key
 * read from a file keeps its newline; the wire sends it trimmed), and every rendering (an
 * error's fields, message, cause, `toJSON` and `util.inspect`, log lines, CLI output) passes
 * through `redact`, which replaces each in strings, object keys and nested values at any depth.
 * Cut text short only after redacting it (`excerpt`): a cut through a secret leaves a piece of it
 * that no longer matches.
 */
import type { HeaderReader } from "./request/wire-response.js";

export const REDACTED = "[redacted]";
const SECRET_HEADERS = new Set(["api-key", "authorization", "proxy-authorization", "cookie", "set-cookie"]);
/** Deeper than any error body the API sends; a deeper value is cut, not walked. */
const MAX_DEPTH = 32;

/**
 * Every secret of every live client, with how many clients hold it. A client's secrets leave
 * with it (a FinalizationRegistry on the client's core), so a multi-tenant server that makes a
 * client per token does not keep every token, nor pay for them on every redaction.
 */
const registry = new Map<string, number>();
const released = typeof FinalizationRegistry === "undefined" ? undefined : new FinalizationRegistry<string[]>((forms) => forget(forms));
/** One pattern for all registered secrets, longest first; rebuilt on the first redaction after a change. */
let pattern: RegExp | null | undefined;

/**
 * With many live clients (a server holding one per tenant), one alternation of every secret
 * would be rebuilt, at a cost that grows with them, after each new client: past this many forms
 * the secrets are found through an index by their first four characters instead.
 */
const MAX_PATTERN_FORMS = 256;
const byPrefix = new Map<string, Set<string>>();

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
    if (count <= 0) {
      registry.delete(form);
      index(form, false);
    } else registry.set(form, count);
  }
  pattern = undefined;
}

/** The index's way: at each position, the secrets that start with the next four characters, longest first. */
function redactByIndex(text: string): string {
  let out = "";
  let copied = 0;
  for (let at = 0; at + 4 <= text.length; ) {
    const candidates = byPrefix.get(text.slice(at, at + 4));
    let match: string | undefined;
    if (candidates) for (const form of candidates) if ((!match || form.length > match.length) && text.startsWith(form, at)) match = form;
    if (match) {
      out += text.slice(copied, at) + REDACTED;
      at += match.length;
      copied = at;
    } else at++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** The forms a secret may take where the SDK renders it: as given, trimmed, and URL-encoded (a Location, a query). */
function formsOf(secret: string): string[] {
  const forms = new Set<string>();
  for (const base of [secret, secret.trim()]) {
    forms.add(base);
    const encoded = encodeURIComponent(base);
    forms.add(encoded);
    forms.add(encoded.replace(/%20/g, "+"));
  }
  // Shorter than this, a "secret" would redact ordinary words; no real key is this short.
  return [...forms].filter((form) => form.length >= 4);
}

/** Registers a client's secrets for as long as `owner` (the client's core) lives: every rendering redacts them. */
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

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function currentPattern(): RegExp | null {
  if (pattern === undefined) {
    if (registry.size > MAX_PATTERN_FORMS) return null;
    const all = [...registry.keys()].sort((a, b) => b.length - a.length);
    pattern = all.length ? new RegExp(all.map(escape).join("|"), "g") : null;
  }
  return pattern;
}

function redactString(text: string, extra: readonly string[]): string {
  let out = text;
  for (const secret of extra) if (secret && out.includes(secret)) out = out.split(secret).join(REDACTED);
  if (out.length < 4 || registry.size === 0) return out;
  const all = currentPattern();
  return all ? out.replace(all, REDACTED) : redactByIndex(out);
}

/**
 * A copy of `value` with every secret replaced: in strings, object keys, array items, errors
 * (their message, stack, own fields and causes), nested at any depth (a cycle or a depth past 32
 * becomes "[…]"). `extra` adds secrets not registered.
 */
export function redact<T>(value: T, extra: readonly string[] = []): T {
  const seen = new Set<object>();
  const walk = (at: unknown, depth: number): unknown => {
    if (typeof at === "string") return redactString(at, extra);
    if (!at || typeof at !== "object") return at;
    if (seen.has(at) || depth >= MAX_DEPTH) return "[…]";
    seen.add(at);
    try {
      if (Array.isArray(at)) return at.map((item) => walk(item, depth + 1));
      if (at instanceof Error) return redactError(at, (item) => walk(item, depth + 1));
      if (Object.getPrototypeOf(at) !== Object.prototype && Object.getPrototypeOf(at) !== null) return at;
      return Object.fromEntries(Object.entries(at).map(([key, item]) => [redactString(key, extra), walk(item, depth + 1)]));
    } finally {
      seen.delete(at);
    }
  };
  return walk(value, 0) as T;
}

/**
 * An error with a secret anywhere in it (message, stack, own fields such as csv-parse's
 * `record`, its causes) becomes a plain redacted record of them; a clean one is kept as it is.
 */
function redactError(error: Error, walk: (value: unknown) => unknown): unknown {
  const own: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(error)) own[key] = item;
  const raw = { name: error.name, message: error.message, stack: error.stack, ...own, ...(error.cause === undefined ? {} : { cause: error.cause }) };
  const clean = walk(raw) as Record<string, unknown>;
  if (safeJson(clean) === safeJson(raw)) return error;
  const { stack: _stack, ...record } = clean;
  return record;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, item) => (item instanceof Error ? { ...item, name: item.name, message: item.message, stack: item.stack, cause: item.cause } : item)) ?? "";
  } catch {
    return String(Math.random()); // unserialisable: never equal, so the record is used
  }
}

/** Replaces every occurrence of each secret in a text. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  return redactString(text, secrets);
}

/** Deep copy of a JSON value with every secret replaced (the server's error bodies). */
export function redactValue(value: unknown, secrets: readonly string[] = []): unknown {
  return redact(value, secrets);
}

/** At most `max` characters of `text`, redacted first and cut after, as a JSON string literal. */
export function excerpt(text: string, max = 200, secrets: readonly string[] = []): string {
  return JSON.stringify(cutAfterRedacting(text, max, secrets));
}

/** `text` redacted, then cut to `max` characters (with "…" when cut). */
export function cutAfterRedacting(text: string, max: number, secrets: readonly string[] = []): string {
  const clean = redactString(text, secrets);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Headers as a plain object, secret-bearing ones and any echoed secret redacted. */
export function redactHeaders(headers: HeaderReader, secrets: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[redactString(name, secrets)] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : redactString(value, secrets);
  });
  return out;
}
