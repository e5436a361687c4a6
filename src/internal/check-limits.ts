/** The SDK's numeric options, checked the same way wherever they are given: on the client and on a call. */
import { optionalWholeNumber } from "./whole-number.js";

/** The limits a client or a call may set; each a whole number of milliseconds or retries. */
export interface LimitOptions {
  timeout?: unknown;
  idleTimeout?: unknown;
  maxRetries?: unknown;
  maxRetryAfter?: unknown;
  maxResponseBytes?: unknown;
  maxEventBytes?: unknown;
}

/** Throws InvalidInputError naming the first limit that is not a whole number ≥ 0 (maxRetries: at most 10). */
export function checkLimits(options: LimitOptions): void {
  optionalWholeNumber("timeout", options.timeout, 0);
  optionalWholeNumber("idleTimeout", options.idleTimeout, 0);
  optionalWholeNumber("maxRetryAfter", options.maxRetryAfter, 0);
  optionalWholeNumber("maxRetries", options.maxRetries, 0, MAX_RETRIES_LIMIT);
  optionalWholeNumber("maxResponseBytes", options.maxResponseBytes, 1);
  optionalWholeNumber("maxEventBytes", options.maxEventBytes, 1);
}

/** More retries than this only hammer a failing server. */
export const MAX_RETRIES_LIMIT = 10;
