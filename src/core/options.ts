/**
 * The SDK's options in one place: their defaults, their limits and their checks, applied once
 * when a client is created and once per call. Every numeric option goes through `wholeNumber`.
 */
import { InvalidInputError } from "../errors/errors.js";
import { redactText } from "../errors/redact.js";
import type { UserIdentity } from "./headers.js";

/** The limits a client sets and a call, a stream or a download may override (milliseconds, bytes, counts). */
export interface Limits {
  /** Milliseconds for each attempt, from sending to the last body byte (a streamed body: to its headers); default 120 000. */
  timeout: number;
  /** Milliseconds a streamed body (events, a download) may send nothing before it is given up (0: never); default 60 000. */
  idleTimeout: number;
  /** The most a body read whole may hold after decompression (default 256 MiB); past it the connection is closed. */
  maxResponseBytes: number;
  /** The most one stream event or NDJSON line may hold (default 16 MiB); past it the stream ends. */
  maxEventBytes: number;
  /** Retries after a retryable failure (default 2, at most 10). */
  maxRetries: number;
  /** The longest server-requested wait (Retry-After, ms) slept through (default 300 000); a longer one raises at once. */
  maxRetryAfter: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  timeout: 120_000,
  idleTimeout: 60_000,
  maxResponseBytes: 256 * 1024 * 1024,
  maxEventBytes: 16 * 1024 * 1024,
  maxRetries: 2,
  maxRetryAfter: 300_000,
};

/** The least each limit may be, and for retries the most: more than 10 only hammer a failing server. */
const BOUNDS: Record<keyof Limits, [number, number?]> = {
  timeout: [0],
  idleTimeout: [0],
  maxResponseBytes: [1],
  maxEventBytes: [1],
  maxRetries: [0, 10],
  maxRetryAfter: [0],
};

/** A whole number from `min` to `max`, or undefined when absent; anything else is an InvalidInputError naming `field`. */
export function wholeNumber(field: string, value: unknown, min: number, max?: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
    const rule = max === undefined ? `must be a whole number ≥ ${min}` : `must be a whole number from ${min} to ${max}`;
    throw new InvalidInputError(
      field,
      `${rule}, got ${typeof value === "number" ? value : (JSON.stringify(value) ?? typeof value)}`,
    );
  }
  return value;
}

/** `base` with the limits `given` sets, each checked. */
export function withLimits(base: Readonly<Limits>, given: Partial<Record<keyof Limits, unknown>>): Limits {
  const out = { ...base };
  for (const key of Object.keys(BOUNDS) as (keyof Limits)[])
    out[key] = wholeNumber(key, given[key], ...BOUNDS[key]) ?? out[key];
  return out;
}

/** The per-call options every call takes: a method's last argument, and beside `params` in the path map's init. */
export interface RequestOptions {
  /** Milliseconds for each attempt (to the last body byte; a streamed body's to its headers): the client's `timeout`. */
  timeout?: number;
  /** Overrides the client's `maxRetries`. */
  maxRetries?: number;
  /** Marks a POST or PATCH safe to send twice, so it is retried after a 500, 502, 504 or a broken connection too. */
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
  const console_ = env?.ALLI_LOG === "debug" ? { debug: (line: string) => console.debug(`[alli] ${line}`) } : undefined;
  const target = option ?? console_;
  return target && { debug: (line: string) => target.debug(redactText(line)) };
}

/**
 * `baseUrl`: an http(s) URL with no credentials, query or fragment (each would be lost or leak).
 * A path prefix (a proxy's `/alli`) is kept, without its trailing slash.
 */
export function parseBaseUrl(raw: unknown): string {
  const example = 'such as "https://backend.alli.ai"';
  if (typeof raw !== "string" || raw.trim() === "") {
    const got = typeof raw === "string" ? '""' : typeof raw;
    throw new InvalidInputError("baseUrl", `must be an http or https URL ${example}, got ${got}`);
  }
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    // Not quoted below: what was meant as a URL may hold a password anywhere in it.
  }
  const rule = !url
    ? `must be an absolute http or https URL ${example} (with its scheme)`
    : url.username || url.password
      ? "must not contain a user name or password: pass the API key as `apiKey`, and a proxy's credentials in its own URL"
      : url.protocol !== "http:" && url.protocol !== "https:"
        ? `must be an http or https URL, got the scheme ${JSON.stringify(url.protocol)}`
        : url.search || raw.includes("?")
          ? "must not have a query (?…): every call would drop it"
          : url.hash || raw.includes("#")
            ? "must not have a fragment (#…): every call would be sent to its path"
            : undefined;
  if (rule || !url) throw new InvalidInputError("baseUrl", rule!);
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** The proxy a Node.js client uses, read from the environment when it is created. */
export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

/**
 * `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY`, lower case first as curl reads them;
 * `ALL_PROXY` stands in for whichever of the others is unset. A value without a scheme means
 * http://; one that is no URL is an InvalidInputError naming the variable, at once.
 */
export function proxySettings(env: Record<string, string | undefined> | undefined): ProxySettings {
  const read = (name: string): [string, string | undefined] =>
    env?.[name.toLowerCase()] ? [name.toLowerCase(), env[name.toLowerCase()]] : [name, env?.[name] || undefined];
  const url = ([name, value]: [string, string | undefined]): string | undefined => {
    if (!value) return undefined;
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
    const protocol = URL.canParse(withScheme) ? new URL(withScheme).protocol : undefined;
    if (!protocol) throw new InvalidInputError(name, "is not a proxy URL such as http://proxy.internal:3128");
    if (protocol !== "http:" && protocol !== "https:") {
      throw new InvalidInputError(
        name,
        `must be an http or https proxy URL, got the scheme ${JSON.stringify(protocol)}`,
      );
    }
    return withScheme;
  };
  const [all, http, https] = [read("ALL_PROXY"), read("HTTP_PROXY"), read("HTTPS_PROXY")];
  return {
    httpProxy: url(http[1] ? http : all),
    httpsProxy: url(https[1] ? https : all),
    noProxy: read("NO_PROXY")[1],
  };
}
