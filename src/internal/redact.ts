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

/** Every secret of every client in this process, longest first (so a secret containing another goes first). */
let registry: string[] = [];

/** Registers a client's secrets: from now on every rendering redacts them, as given and trimmed. */
export function registerSecrets(secrets: readonly (string | undefined)[]): void {
  const known = new Set(registry);
  for (const secret of secrets) {
    if (!secret) continue;
    // Shorter than this, a "secret" would redact ordinary words; no real key is this short.
    for (const form of [secret, secret.trim()]) if (form.length >= 4) known.add(form);
  }
  registry = [...known].sort((a, b) => b.length - a.length);
}

function redactString(text: string, extra: readonly string[]): string {
  let out = text;
  for (const secret of extra.length ? [...extra, ...registry] : registry) {
    if (secret && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * A copy of `value` with every secret replaced: in strings, object keys, array items, nested at
 * any depth (a cycle or a depth past 32 becomes "[…]"). `extra` adds secrets not registered.
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
      if (at instanceof Error) return redactError(at, extra);
      if (Object.getPrototypeOf(at) !== Object.prototype && Object.getPrototypeOf(at) !== null) return at;
      return Object.fromEntries(Object.entries(at).map(([key, item]) => [redactString(key, extra), walk(item, depth + 1)]));
    } finally {
      seen.delete(at);
    }
  };
  return walk(value, 0) as T;
}

/** An error as a plain, redacted record (name, message, code): a cause the SDK keeps or renders. */
function redactError(error: Error, extra: readonly string[]): unknown {
  const code = (error as { code?: unknown }).code;
  const message = redactString(error.message, extra);
  if (message === error.message && !registry.some((s) => error.stack?.includes(s))) return error;
  return { name: error.name, message, ...(typeof code === "string" ? { code } : {}) };
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
  const clean = redactString(text, secrets);
  return JSON.stringify(clean.length > max ? `${clean.slice(0, max)}…` : clean);
}

/** Headers as a plain object, secret-bearing ones and any echoed secret redacted. */
export function redactHeaders(headers: HeaderReader, secrets: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[redactString(name, secrets)] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : redactString(value, secrets);
  });
  return out;
}
