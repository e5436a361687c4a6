/** Keeps secrets (API key, bearer token) out of anything the SDK prints or raises. */
import type { HeaderReader } from "./request/wire-response.js";

export const REDACTED = "[redacted]";
const SECRET_HEADERS = new Set(["api-key", "authorization", "proxy-authorization", "cookie"]);

/** Replaces every occurrence of each secret in a text. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join(REDACTED);
  return out;
}

/** Deep copy of a JSON value with every secret replaced, for error bodies the server echoed. */
export function redactValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, secrets)]));
  }
  return value;
}

/** Headers as a plain object, secret-bearing ones and any echoed secret redacted. */
export function redactHeaders(headers: HeaderReader, secrets: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : redactText(value, secrets);
  });
  return out;
}
