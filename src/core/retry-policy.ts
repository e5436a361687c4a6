/**
 * When to retry and how long to wait. Pure functions; the transport applies them.
 * Defaults: 2 retries, exponential backoff from 0.5 s capped at 8 s with jitter, and a server's
 * Retry-After honoured up to `maxRetryAfter` (5 minutes).
 */
import type { AlliError, RateLimitInfo } from "../errors/errors.js";

const INITIAL_RETRY_DELAY_MS = 500;
const MAX_BACKOFF_MS = 8_000;

/** Passed to `onRetry` before each retry. */
export interface RetryEvent {
  /** 1 for the first retry. */
  attempt: number;
  /** Milliseconds the SDK waits before sending again. */
  delay: number;
  /** The failure that is being retried. */
  cause: AlliError;
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/** Statuses after which the server may already have acted on the request. */
const MAY_HAVE_RUN_STATUS = new Set([500, 502, 504]);
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
/** Connection failures that happen before a byte of the request is sent. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

export interface RetryDecisionInput {
  method: string;
  /** The caller marked a POST or PATCH safe to send twice. */
  idempotent: boolean;
  status?: number;
  /** For connection failures: the system error code (`ECONNRESET`, `ECONNREFUSED`). */
  connectionCode?: string;
}

/**
 * Whether a failure may be retried. A POST or PATCH that may already have run (500, 502, 504, or
 * a connection that broke after the request was sent) is not retried unless marked idempotent:
 * an LLM run costs credits. A 408, 429 or 503 (with or without Retry-After) is always safe.
 */
export function isRetryable({ method, idempotent, status, connectionCode }: RetryDecisionInput): boolean {
  const safeToRepeat = idempotent || IDEMPOTENT_METHODS.has(method.toUpperCase());
  if (status === undefined) return safeToRepeat || NOT_SENT_CODES.has(connectionCode ?? "");
  if (!RETRYABLE_STATUS.has(status)) return false;
  // 408, 429 and 503 say the server did not run the request: safe for any method.
  return safeToRepeat || !MAY_HAVE_RUN_STATUS.has(status);
}

/** Exponential backoff with jitter: attempt 1 waits ~0.5 s, then ~1 s, ~2 s … capped at 8 s. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, INITIAL_RETRY_DELAY_MS * 2 ** (attempt - 1));
  return Math.round(base * (1 - 0.25 * random()));
}

const DAY = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const MONTH = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const TIME = "\\d{2}:\\d{2}:\\d{2}";
/** RFC 9110's HTTP dates: IMF-fixdate, and the obsolete RFC 850 and asctime forms (which names no zone: GMT). */
const HTTP_DATE = [
  new RegExp(`^${DAY}, (?<day>\\d{2}) ${MONTH} \\d{4} ${TIME} GMT$`),
  new RegExp(`^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (?<day>\\d{2})-${MONTH}-\\d{2} ${TIME} GMT$`),
  new RegExp(`^${DAY} ${MONTH} (?<day>[ \\d]\\d) ${TIME} \\d{4}$`),
];

/**
 * Retry-After as milliseconds: delta-seconds or a full HTTP date (Date.parse alone reads "-5" or
 * "5, 10" as a date in 2001, and the wait as 0); also `retry-after-ms`.
 */
export function parseRetryAfter(headers: { get(name: string): string | null }, now = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms")?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.round(Number(ms));
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const form = HTTP_DATE.findIndex((pattern) => pattern.test(value));
  const date = form < 0 ? NaN : Date.parse(form === 2 ? `${value} GMT` : value);
  // A day the month does not have ("31 Feb") is no date, though Date.parse rolls it over.
  const day = Number(HTTP_DATE[form]?.exec(value)?.groups?.day);
  return Number.isNaN(date) || new Date(date).getUTCDate() !== day ? undefined : Math.max(0, date - now);
}

/** Rate-limit headers, in their `x-ratelimit-*` or IETF `ratelimit-*` spellings. */
export function parseRateLimit(headers: { get(name: string): string | null }): RateLimitInfo | undefined {
  const read = (name: string) => {
    const value = headers.get(`x-ratelimit-${name}`) ?? headers.get(`ratelimit-${name}`);
    const number = value === null ? NaN : Number.parseFloat(value);
    return Number.isFinite(number) ? number : undefined;
  };
  const info = { limit: read("limit"), remaining: read("remaining"), reset: read("reset") };
  const present = Object.entries(info).filter(([, v]) => v !== undefined);
  return present.length ? Object.fromEntries(present) : undefined;
}
