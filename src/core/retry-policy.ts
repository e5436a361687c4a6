/** When to retry and how long to wait: pure functions, applied by the lifecycle. */
import type { AlliError, RateLimitInfo } from "../errors/errors.js";

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
const NOT_SENT = new Set(
  "ECONNREFUSED ENOTFOUND EAI_AGAIN EHOSTUNREACH ENETUNREACH UND_ERR_CONNECT_TIMEOUT".split(" "),
);
type Failure = { method: string; idempotent: boolean; status?: number; connectionCode?: string };
/**
 * Whether a failure may be retried: a POST or PATCH that may have run (500, 502, 504, a connection broken after
 * sending) is not, unless marked `idempotent` (an LLM run costs credits). `connectionCode`: ECONNRESET and the like.
 */
export function isRetryable({ method, idempotent, status, connectionCode }: Failure): boolean {
  const safeToRepeat = idempotent || IDEMPOTENT_METHODS.has(method.toUpperCase());
  if (status === undefined) return safeToRepeat || NOT_SENT.has(connectionCode ?? "");
  // 408, 429 and 503 say the server did not run the request: safe for any method.
  return RETRYABLE_STATUS.has(status) && (safeToRepeat || !MAY_HAVE_RUN_STATUS.has(status));
}
/** Exponential backoff with jitter: attempt 1 waits ~0.5 s, then ~1 s, ~2 s … capped at 8 s. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  return Math.round(Math.min(8_000, 500 * 2 ** (attempt - 1)) * (1 - 0.25 * random()));
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
/** Retry-After (or retry-after-ms) in ms: seconds, or a whole HTTP date (Date.parse reads "-5" as a day in 2001). */
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
  let info: RateLimitInfo | undefined;
  for (const name of ["limit", "remaining", "reset"] as const) {
    const value = headers.get(`x-ratelimit-${name}`) ?? headers.get(`ratelimit-${name}`);
    const number = value === null ? NaN : Number.parseFloat(value);
    if (Number.isFinite(number)) (info ??= {})[name] = number;
  }
  return info;
}
