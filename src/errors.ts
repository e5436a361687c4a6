/**
 * Every failure the SDK raises is an AlliError. Failures with a response are APIError subclasses
 * chosen by status (one factory, `errorFromResponse`); failures without one are connection,
 * timeout, user-abort, stream and download errors. No error ever holds the API key or token.
 */

import { redact, redactText } from "./internal/redact.js";
import type { FailedPage } from "./pagination-types.js";

/** The operation a failure belongs to. */
export interface OperationInfo {
  method: string;
  path: string;
  operationId?: string;
}

/** Rate-limit headers the server sent, parsed (`x-ratelimit-*` or `ratelimit-*`). */
export interface RateLimitInfo {
  limit?: number;
  remaining?: number;
  /** Seconds until the window resets. */
  reset?: number;
}

export interface AlliErrorFields {
  status?: number;
  operation?: OperationInfo;
  requestId?: string;
  headers?: Record<string, string>;
  /** The parsed error body the server sent (its first MiB: see `bodyTruncated`). */
  body?: unknown;
  /** True when the error body was longer than 1 MiB: `body` holds its start, the rest was discarded. */
  bodyTruncated?: boolean;
  /** How long the server asked the client to wait before retrying (Retry-After), in ms. */
  retryAfter?: number;
  rateLimit?: RateLimitInfo;
  cause?: unknown;
}

const BRAND = Symbol.for("alli-sdk.error");
/** Node's util.inspect hook, by its registered name (no node:util import, so browsers load this too). */
const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** Base class of every error the SDK raises. */
export class AlliError extends Error {
  override name = "AlliError";
  /** HTTP status; absent for failures without a response. */
  readonly status?: number;
  readonly operation?: OperationInfo;
  readonly requestId?: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  readonly bodyTruncated?: boolean;
  readonly retryAfter?: number;
  readonly rateLimit?: RateLimitInfo;
  /**
   * Set on an error raised by `alli.paginate`: the page that failed. The error keeps its class
   * (a 429 on page 3 is still a RateLimitError); its message names the page too.
   */
  declare readonly page?: FailedPage;

  /** Every message and field is redacted here, once, whoever built the error (see internal/redact.ts). */
  constructor(message: string, fields: AlliErrorFields = {}) {
    super(redactText(message), fields.cause === undefined ? undefined : { cause: redact(fields.cause) });
    const { cause: _cause, ...rest } = fields;
    for (const [key, value] of Object.entries(rest)) {
      if (value !== undefined) Object.defineProperty(this, key, { value: redact(value), enumerable: true, configurable: true });
    }
  }

  /** True for errors of any copy of the SDK (another bundle or realm), unlike `instanceof`. */
  static is(value: unknown): value is AlliError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  declare readonly [BRAND]: true;

  toJSON(): Record<string, unknown> {
    const { name, message, status, operation, requestId, retryAfter, rateLimit } = this;
    return redact({ name, message, status, operation, requestId, retryAfter, rateLimit });
  }

  /** util.inspect: the stack, then the fields and the cause, all redacted again (a message may have been extended since). */
  [INSPECT](_depth: number, options: object, inspect: (value: unknown, options: object) => string): string {
    const fields: Record<string, unknown> = {};
    for (const key of Object.keys(this)) fields[key] = (this as Record<string, unknown>)[key];
    if (this.cause !== undefined) fields.cause = this.cause;
    const stack = redactText(this.stack ?? `${this.name}: ${this.message}`);
    return Object.keys(fields).length ? `${stack} ${inspect(redact(fields), options)}` : stack;
  }
}

/** The server answered with a non-2xx status. */
export class APIError extends AlliError {
  override name = "APIError";
  declare readonly status: number;
}
export class BadRequestError extends APIError {
  override name = "BadRequestError";
  declare readonly status: 400;
}
export class AuthenticationError extends APIError {
  override name = "AuthenticationError";
  declare readonly status: 401;
}
export class PermissionDeniedError extends APIError {
  override name = "PermissionDeniedError";
  declare readonly status: 403;
}
export class NotFoundError extends APIError {
  override name = "NotFoundError";
  declare readonly status: 404;
}
export class ConflictError extends APIError {
  override name = "ConflictError";
  declare readonly status: 409;
}
export class UnprocessableEntityError extends APIError {
  override name = "UnprocessableEntityError";
  declare readonly status: 422;
}
export class RateLimitError extends APIError {
  override name = "RateLimitError";
  declare readonly status: 429;
}
export class InternalServerError extends APIError {
  override name = "InternalServerError";
}

/** The request never got a response: refused, reset, DNS failure. */
export class APIConnectionError extends AlliError {
  override name = "APIConnectionError";
}
/** An attempt took longer than its `timeout` (sending to the last body byte), or a streamed download sent nothing for `idleTimeout`. */
export class APITimeoutError extends AlliError {
  override name = "APITimeoutError";
}
/** The caller's AbortSignal aborted the call. */
export class APIUserAbortError extends AlliError {
  override name = "APIUserAbortError";
}
/** Input the spec says is invalid, caught before the network. */
export class InvalidInputError extends AlliError {
  override name = "InvalidInputError";
  /** The offending field (`query.beforeRange`, `headers.OWN-USER-ID`). */
  readonly field: string;
  constructor(field: string, rule: string, fields: AlliErrorFields = {}) {
    super(`${field}: ${rule}`, fields);
    this.field = field;
  }
}

/** A download's body ended before it was complete: the connection dropped, or fewer bytes than Content-Length arrived. */
export class TruncatedDownloadError extends AlliError {
  override name = "TruncatedDownloadError";
  /** Bytes received before the body ended. */
  declare readonly bytesReceived: number;
  /** Bytes the server announced (Content-Length), when it announced them. */
  declare readonly expectedBytes?: number;
  constructor(message: string, fields: AlliErrorFields & { bytesReceived: number; expectedBytes?: number }) {
    super(message, fields);
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), bytesReceived: this.bytesReceived, expectedBytes: this.expectedBytes };
  }
}

/** Why a stream stopped before its end. */
export type StreamInterruption = "connection-lost" | "idle-timeout" | "truncated" | "too-large";

/**
 * A stream stopped before its end: the connection dropped, it sent nothing for longer than its
 * idle timeout, it ended in the middle of an event, or one event was larger than `maxEventBytes`.
 * Carries the events that did arrive.
 */
export class StreamInterruptedError extends AlliError {
  override name = "StreamInterruptedError";
  declare readonly reason: StreamInterruption;
  /** The events received before the interruption, oldest first (the most recent `keepEvents` of them). */
  declare readonly events: unknown[];
  /** How many events arrived in all (more than `events.length` when older ones were let go). */
  declare readonly eventCount: number;
  constructor(message: string, fields: AlliErrorFields & { reason: StreamInterruption; events: unknown[]; eventCount: number }) {
    super(message, fields);
    // The events are the server's data (which may echo anything): readable, but kept out of
    // util.inspect and JSON.stringify of the error.
    Object.defineProperty(this, "events", { value: fields.events, enumerable: false, configurable: true });
  }
  override toJSON(): Record<string, unknown> {
    // The events themselves stay out: a serialized error should not grow with the stream.
    return { ...super.toJSON(), reason: this.reason, eventCount: this.eventCount };
  }
}

Object.defineProperty(AlliError.prototype, BRAND, { value: true });

const BY_STATUS: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The API error class for a status. */
export function errorClassFor(status: number): typeof APIError {
  return BY_STATUS[status] ?? (status >= 500 ? InternalServerError : APIError);
}

/** The server's own message from an error body, in the shapes the API uses. */
export function serverMessage(body: unknown): string | undefined {
  if (typeof body === "string") return body.trim().slice(0, 500) || undefined;
  if (!body || typeof body !== "object") return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ["message", "detail", "error", "errors", "msg", "title"]) {
    const value = record[key];
    if (typeof value === "string" && value) return value;
    if (Array.isArray(value) && value.length) return value.map((v) => (typeof v === "string" ? v : serverMessage(v) ?? JSON.stringify(v))).join("; ");
    if (value && typeof value === "object") {
      const nested = serverMessage(value);
      if (nested) return nested;
    }
  }
  return undefined;
}
