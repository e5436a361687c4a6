/**
 * The SDK's options in one place: their defaults, their limits and their checks, applied once
 * when a client is created and once per call. Every numeric option goes through `wholeNumber`.
 */
import { InvalidInputError } from "../errors/errors.js";
import { redactText } from "../errors/redact.js";
import type { UserIdentity } from "./headers.js";

/** The limits a client sets and a call (or a stream, a download) may override. */
export interface Limits {
  /** Milliseconds for each attempt, from sending to the last body byte (a streamed body: to its headers). */
  timeout: number;
  /** Milliseconds a streamed body may send nothing before it is given up (0: never). */
  idleTimeout: number;
  /** The most a body read whole may hold, after decompression. */
  maxResponseBytes: number;
  /** The most one stream event (or line) may hold. */
  maxEventBytes: number;
  /** Retries after a retryable failure. */
  maxRetries: number;
  /** The longest server-requested wait (Retry-After, ms) the SDK sleeps through. */
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
    const got = typeof value === "number" ? value : (JSON.stringify(value) ?? typeof value);
    throw new InvalidInputError(field, `${rule}, got ${got}`);
  }
  return value;
}

/** `base` with the limits `given` sets, each checked; `prefix` names where they were given (`options.`). */
export function withLimits(base: Readonly<Limits>, given: Partial<Record<keyof Limits, unknown>>, prefix = ""): Limits {
  const out = { ...base };
  for (const key of Object.keys(BOUNDS) as (keyof Limits)[]) {
    const value = wholeNumber(`${prefix}${key}`, given[key], ...BOUNDS[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The per-call options every call takes: a method's last argument, and beside `params` in the path map's init. */
export interface RequestOptions {
  /**
   * Milliseconds for each attempt, from sending the request to the last byte of the body (for a
   * streamed body, to its headers); overrides the client's `timeout`.
   */
  timeout?: number;
  /** Overrides the client's `maxRetries`. */
  maxRetries?: number;
  /**
   * Marks a POST or PATCH safe to send twice, so that it is retried after a 500, 502, 504 or a
   * broken connection too. Off by default: the server may already have run it.
   */
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
  const target = option ?? (env?.ALLI_LOG === "debug" ? { debug: (line: string) => console.debug(`[alli] ${line}`) } : undefined);
  return target && { debug: (line: string) => target.debug(redactText(line)) };
}

/**
 * `baseUrl`: an http(s) URL with no credentials, query or fragment (each would be lost or leak).
 * A path prefix (a proxy's `/alli`) is kept, without its trailing slash.
 */
export function parseBaseUrl(raw: unknown): string {
  const example = 'such as "https://backend.alli.ai"';
  if (typeof raw !== "string" || raw.trim() === "") {
    throw new InvalidInputError("baseUrl", `must be an http or https URL ${example}, got ${typeof raw === "string" ? '""' : typeof raw}`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not quoted: what was meant as a URL may hold a password anywhere in it.
    throw new InvalidInputError("baseUrl", `must be an absolute http or https URL ${example} (with its scheme)`);
  }
  const rule =
    url.username || url.password
      ? "must not contain a user name or password: pass the API key as `apiKey`, and a proxy's credentials in its own URL"
      : url.protocol !== "http:" && url.protocol !== "https:"
        ? `must be an http or https URL, got the scheme ${JSON.stringify(url.protocol)}`
        : url.search || raw.includes("?")
          ? "must not have a query (?…): every call would drop it"
          : url.hash || raw.includes("#")
            ? "must not have a fragment (#…): every call would be sent to its path"
            : undefined;
  if (rule) throw new InvalidInputError("baseUrl", rule);
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
  const read = (name: string): [string, string | undefined] => {
    const lower = env?.[name.toLowerCase()];
    return lower ? [name.toLowerCase(), lower] : [name, env?.[name] || undefined];
  };
  const url = ([name, value]: [string, string | undefined]): string | undefined => {
    if (!value) return undefined;
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
    let protocol: string;
    try {
      protocol = new URL(withScheme).protocol;
    } catch {
      throw new InvalidInputError(name, "is not a proxy URL such as http://proxy.internal:3128");
    }
    if (protocol !== "http:" && protocol !== "https:") {
      throw new InvalidInputError(name, `must be an http or https proxy URL, got the scheme ${JSON.stringify(protocol)}`);
    }
    return withScheme;
  };
  const all = read("ALL_PROXY");
  const http = read("HTTP_PROXY");
  const https = read("HTTPS_PROXY");
  return {
    httpProxy: url(http[1] ? http : all),
    httpsProxy: url(https[1] ? https : all),
    noProxy: read("NO_PROXY")[1],
  };
}
