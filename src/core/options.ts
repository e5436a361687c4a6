/** The SDK's options in one place: defaults, limits and checks, applied when a client is made and on each call. */
import { InvalidInputError } from "../errors/errors.js";
import { redactText } from "../errors/redact.js";
import type { UserIdentity } from "./headers.js";

/** The limits a client sets and a call, a stream or a download may override (milliseconds, bytes, counts). */
export interface Limits {
  /** Milliseconds for each attempt, to the last body byte (a streamed body: to its headers); default 120 000. */
  timeout: number;
  /** Milliseconds a streamed body (events, a download) may send nothing before it is given up (0: never); 60 000. */
  idleTimeout: number;
  /** The most a body read whole may hold after decompression (default 32 MiB); past it the connection is closed. */
  maxResponseBytes: number;
  /** The most one stream event or NDJSON line may hold (default 16 MiB); past it the stream ends. */
  maxEventBytes: number;
  /** Retries after a retryable failure (default 2, at most 10). */
  maxRetries: number;
  /** The longest server-requested wait (Retry-After, ms) slept through (default 300 000); a longer one raises. */
  maxRetryAfter: number;
}
/** Each limit's default, its least value, and for retries its most: more than 10 only hammer a failing server. */
const LIMITS: Record<keyof Limits, [number, number, number?]> = {
  timeout: [120_000, 0],
  idleTimeout: [60_000, 0],
  maxResponseBytes: [32 * 1024 * 1024, 1], // the API answers kilobytes; a body read whole costs several times its size
  maxEventBytes: [16 * 1024 * 1024, 1],
  maxRetries: [2, 0, 10],
  maxRetryAfter: [300_000, 0],
};
export const DEFAULT_LIMITS = Object.fromEntries(Object.entries(LIMITS).map(([k, [v]]) => [k, v])) as Readonly<Limits>;
/** A whole number from `min` to `max`, or undefined when absent; else an InvalidInputError naming `field`. */
export function wholeNumber(field: string, value: unknown, min: number, max?: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number" && Number.isInteger(value) && value >= min && (max === undefined || value <= max))
    return value;
  const rule = max === undefined ? `must be a whole number ≥ ${min}` : `must be a whole number from ${min} to ${max}`;
  const got = typeof value === "number" ? value : (JSON.stringify(value) ?? typeof value);
  throw new InvalidInputError(field, `${rule}, got ${got}`);
}
/** `base` with the limits `given` sets, each checked. */
export function withLimits(base: Readonly<Limits>, given: Partial<Record<keyof Limits, unknown>>): Limits {
  const out = { ...base };
  for (const [key, [, min, max]] of Object.entries(LIMITS) as [keyof Limits, [number, number, number?]][])
    out[key] = wholeNumber(key, given[key], min, max) ?? out[key];
  return out;
}
/** The per-call options every call takes: a method's last argument, and beside `params` in the path map's init. */
export interface RequestOptions {
  /** Milliseconds for each attempt (to the last body byte; a streamed body's to its headers): overrides `timeout`. */
  timeout?: number;
  /** Overrides the client's `maxRetries`. */
  maxRetries?: number;
  /** Marks a POST or PATCH safe to send twice: retried after a 500, 502, 504 or a broken connection too. */
  idempotent?: boolean;
  /** Overrides the client's user identity for this call, field by field. */
  user?: UserIdentity;
  /** Aborts the call (and closes its connection) with APIUserAbortError. */
  signal?: AbortSignal;
  /** Headers for this call, over the client's `headers`; `undefined` removes one. */
  headers?: Record<string, string | undefined>;
}
/** The per-call option names, for the methods' check of their options argument. */
export const REQUEST_OPTIONS = ["timeout", "maxRetries", "idempotent", "user", "signal", "headers"] as const;
/** Anything with a `debug` method, such as `console` or a pino logger. */
export interface Logger {
  debug(message: string): void;
}
/** The logger to use: the option, else `console` when `ALLI_LOG=debug`, else none; every line redacted. */
export function resolveLogger(option: Logger | undefined, env: Record<string, string | undefined> | undefined) {
  // stderr (console.error), not stdout: a CLI's results go to stdout and must not mix with the log.
  const console_ = env?.ALLI_LOG === "debug" ? { debug: (line: string) => console.error(`[alli] ${line}`) } : undefined;
  const target = option ?? console_;
  return target && { debug: (line: string) => target.debug(redactText(line)) };
}
/** `baseUrl`: an http(s) URL, no credentials, query or fragment (each would leak or be lost); a path prefix kept. */
export function parseBaseUrl(raw: unknown): string {
  const example = 'such as "https://backend.alli.ai"';
  const fail = (rule: string) => new InvalidInputError("baseUrl", rule);
  if (typeof raw !== "string" || raw.trim() === "")
    throw fail(`must be an http or https URL ${example}, got ${typeof raw === "string" ? '""' : typeof raw}`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not quoted: what was meant as a URL may hold a password anywhere in it.
    throw fail(`must be an absolute http or https URL ${example} (with its scheme)`);
  }
  if (url.username || url.password) {
    const proxy = "and a proxy's credentials in its own URL";
    throw fail(`must not contain a user name or password: pass the API key as \`apiKey\`, ${proxy}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw fail(`must be an http or https URL, got the scheme ${JSON.stringify(url.protocol)}`);
  if (url.search || raw.includes("?")) throw fail("must not have a query (?…): every call would drop it");
  if (url.hash || raw.includes("#")) throw fail("must not have a fragment (#…): every call would go to its path");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
/** A base URL as `origin` (`https://host:port`) and the path `prefix` every call's path goes under. */
export function splitBaseUrl(baseUrl: string): { origin: string; prefix: string } {
  const origin = /^https?:\/\/[^/]+/.exec(baseUrl)![0];
  return { origin, prefix: baseUrl.slice(origin.length) };
}
/** The proxy a Node.js client uses, read from the environment when it is created. */
export type ProxySettings = { httpProxy?: string; httpsProxy?: string; noProxy?: string };
/** `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` (for one unset), `NO_PROXY`, lower case first as curl; no scheme: http. */
export function proxySettings(env: Record<string, string | undefined> | undefined): ProxySettings {
  const read = (name: string): [string, string | undefined] =>
    env?.[name.toLowerCase()] ? [name.toLowerCase(), env[name.toLowerCase()]] : [name, env?.[name] || undefined];
  const url = (variable: string): string | undefined => {
    const [name, value] = read(variable)[1] ? read(variable) : read("ALL_PROXY");
    if (!value) return undefined;
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
    const protocol = URL.canParse(withScheme) ? new URL(withScheme).protocol : undefined;
    if (!protocol) throw new InvalidInputError(name, "is not a proxy URL such as http://proxy.internal:3128");
    const rule = `must be an http or https proxy URL, got the scheme ${JSON.stringify(protocol)}`;
    if (protocol !== "http:" && protocol !== "https:") throw new InvalidInputError(name, rule);
    return withScheme;
  };
  return { httpProxy: url("HTTP_PROXY"), httpsProxy: url("HTTPS_PROXY"), noProxy: read("NO_PROXY")[1] };
}
