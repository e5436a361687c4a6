/** Every failure the SDK raises is an AlliError, its message and fields redacted by the AlliError constructor. */
import type { paginated, PaginatedPath } from "../../generated/operations.js";
import { redact, redactHeaders, redactText } from "./redact.js";

/** The operation a failure belongs to. */
export type OperationInfo = { method: string; path: string; operationId?: string };
/** Rate-limit headers the server sent, parsed (`x-ratelimit-*` or `ratelimit-*`); `reset` in seconds. */
export type RateLimitInfo = { limit?: number; remaining?: number; reset?: number };
/** Where a cursor-style page starts (`null`: the first page). */
export type CursorPosition = { cursor: string | null };
/** Where an offset-style page starts; `limit` is the page size sent with it. */
export type OffsetPosition = { offset: number; limit?: number };
/** Where a page-number-style page starts. */
export type PageNumberPosition = { page: number };
type PositionByStyle = { cursor: CursorPosition; "page-number": PageNumberPosition } & {
  [Style in "offset-total" | "offset-array"]: OffsetPosition;
};
/** Where a page of `P` starts; without `P`, a position of any style. */
export type PagePosition<P extends PaginatedPath = PaginatedPath> = PositionByStyle[(typeof paginated)[P]["style"]];
/** The page a walk was on when it failed, as set on the error's `page`. */
export interface FailedPage {
  /** 0 for the first page the walk fetched. */
  index: number;
  /** The cursor, offset or page number that fetched (or would have fetched) it. */
  position: PagePosition;
}
type Field = "status" | "operation" | "requestId" | "headers" | "body" | "bodyTruncated" | "retryAfter" | "rateLimit";
type ErrorFields = Partial<Pick<AlliError, Field>> & { cause?: unknown };
export const describeOperation = (op: OperationInfo | undefined): string =>
  op ? `${op.method} ${op.path}${op.operationId ? ` (${op.operationId})` : ""}` : "the request";
const BRAND = Symbol.for("alli-sdk.error");
// Node's util.inspect hook, by its registered name: no node:util import, so browsers load this too.
const INSPECT = Symbol.for("nodejs.util.inspect.custom");
/** Base class of every error the SDK raises. */
export class AlliError extends Error {
  override name = "AlliError";
  /** HTTP status; absent for failures without a response. */
  readonly status?: number;
  /** The operation that failed: its method, path template and operationId. */
  readonly operation?: OperationInfo;
  /** The server's request id, when it sent one. */
  readonly requestId?: string;
  /** The answer's headers, credentials redacted. */
  readonly headers?: Record<string, string>;
  /** The parsed error body the server sent (its first MiB: see `bodyTruncated`). */
  readonly body?: unknown;
  /** True when the error body was longer than 1 MiB: `body` holds its start. */
  readonly bodyTruncated?: boolean;
  /** How long the server asked the client to wait before retrying (Retry-After), in ms. */
  readonly retryAfter?: number;
  /** The rate-limit headers the server sent, parsed. */
  readonly rateLimit?: RateLimitInfo;
  /** Set by a walk over pages: the page that failed (the error keeps its class; its message names the page). */
  declare readonly page?: FailedPage;
  declare readonly [BRAND]: true;
  /** Every message and field is redacted here, once, whoever built the error. */
  constructor(message: string, fields: ErrorFields = {}) {
    super(redactText(message), fields.cause === undefined ? undefined : { cause: redact(fields.cause) });
    for (const [key, value] of Object.entries(fields))
      if (value !== undefined && key !== "cause")
        Object.defineProperty(this, key, { value: redact(value), enumerable: true, configurable: true });
  }
  /** True for errors of any copy of the SDK (another bundle or realm), unlike `instanceof`. */
  static is(value: unknown): value is AlliError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
  /** What JSON.stringify shows: the facts, never the body or the events (the server's data). */
  toJSON(): Record<string, unknown> {
    const more = ["bytesReceived", "expectedBytes", "reason", "eventCount"].filter((key) => key in this);
    const keys = ["name", "message", "status", "operation", "requestId", "retryAfter", "rateLimit", ...more];
    return redact(Object.fromEntries(keys.map((key) => [key, (this as Record<string, unknown>)[key]])));
  }
  /** util.inspect: the stack, the fields and the cause, redacted again (a message may have grown since). */
  [INSPECT](_depth: number, options: object, inspect: (value: unknown, options: object) => string): string {
    const fields = { ...(this as object), ...(this.cause === undefined ? {} : { cause: this.cause }) };
    const stack = redactText(this.stack ?? `${this.name}: ${this.message}`);
    return Object.keys(fields).length ? `${stack} ${inspect(redact(fields), options)}` : stack;
  }
}
Object.defineProperty(AlliError.prototype, BRAND, { value: true });
export const MAX_ERROR_BODY_BYTES = 1024 * 1024;
type HeaderReader = { get(name: string): string | null; forEach(each: (value: string, name: string) => void): void };
/** The server's request id (redacted: a server may echo anything here). */
export function requestIdOf(headers: Pick<HeaderReader, "get">): string | undefined {
  for (const name of ["x-request-id", "request-id", "x-amzn-requestid", "x-amz-request-id"])
    if (headers.get(name)) return redactText(headers.get(name)!);
  return undefined;
}
type AnswerFacts = Omit<ErrorFields, "body" | "headers"> & { status: number; operation: OperationInfo } & AnswerRead;
type AnswerRead = { headers: HeaderReader; statusText?: string; text?: string; truncated?: boolean; detail?: string };
/** The server answered with a non-2xx status. */
export class APIError extends AlliError {
  override name = "APIError";
  declare readonly status: number;
  /** @internal A non-2xx answer's error, of its status's class: from the start of its body (`text`), or `detail`. */
  static generate(facts: AnswerFacts): APIError {
    const { status, statusText, operation, headers, text: raw = "", truncated, detail, ...rest } = facts;
    // Redacted before the cut, so that a secret across it is still whole when it is replaced.
    const redacted = redactText(raw);
    const text = redacted.slice(0, MAX_ERROR_BODY_BYTES);
    let body: unknown = text || undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: the text itself
    }
    const said = detail ?? serverMessage(body);
    const violations = mockViolations(headers.get("sl-violations"));
    const message =
      `${status}${statusText ? ` ${statusText}` : ""} from ${describeOperation(operation)}${said ? `: ${said}` : ""}` +
      (violations ? ` (the mock's reasons: ${violations})` : "");
    const fields = { ...rest, status, operation, requestId: requestIdOf(headers), headers: redactHeaders(headers) };
    const bodyTruncated = truncated || redacted.length > MAX_ERROR_BODY_BYTES || undefined;
    return new (errorClassFor(status))(message, { ...fields, body, bodyTruncated });
  }
}
const statusError = <Status extends number>(name: string) =>
  class extends APIError {
    override name = name;
    declare readonly status: Status;
  };
export class BadRequestError extends statusError<400>("BadRequestError") {}
export class AuthenticationError extends statusError<401>("AuthenticationError") {}
export class PermissionDeniedError extends statusError<403>("PermissionDeniedError") {}
export class NotFoundError extends statusError<404>("NotFoundError") {}
export class ConflictError extends statusError<409>("ConflictError") {}
export class UnprocessableEntityError extends statusError<422>("UnprocessableEntityError") {}
export class RateLimitError extends statusError<429>("RateLimitError") {}
export class InternalServerError extends statusError<number>("InternalServerError") {}
const BY_STATUS: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};
export const errorClassFor = (status: number): typeof APIError =>
  BY_STATUS[status] ?? (status >= 500 ? InternalServerError : APIError);
/** A 2xx answer whose body's documented error field (`errors`) is set: the operation failed; never retried. */
export class ReportedError extends APIError {
  override name = "ReportedError";
  /** The error field's value as the server sent it (a message, an object or a list); `body` is the whole answer. */
  declare readonly errors: unknown;
  /** @internal The failure `data` reports in `field`; none when the field is absent, null or empty. */
  static of(data: unknown, field: string, operation: OperationInfo, answer: { status: number; headers: HeaderReader }) {
    const { status, headers } = answer;
    const errors = data && typeof data === "object" ? (data as Record<string, unknown>)[field] : undefined;
    if (errors == null || errors === "" || (typeof errors === "object" && !Object.keys(errors).length)) return;
    const said = serverMessage({ errors })?.replace(/^[\s;]*$/, "") || JSON.stringify(errors); // `false`, `[""]`
    const message = `${status} from ${describeOperation(operation)}, but its ${field} say it failed: ${said}`;
    const fields = { status, operation, requestId: requestIdOf(headers), headers: redactHeaders(headers) };
    return new ReportedError(message, { ...fields, body: data, errors } as ErrorFields);
  }
}
/** The request never got a response: refused, reset, DNS failure. */
export class APIConnectionError extends AlliError {
  override name = "APIConnectionError";
  /** @internal A failure of the network itself; the system code (`ECONNRESET`) is kept as the cause. */
  static from(operation: OperationInfo, error: unknown): APIConnectionError {
    const code = connectionCodeOf(error);
    const detail = error instanceof Error ? ((error.cause as Error)?.message ?? error.message) : String(error);
    const message = `${describeOperation(operation)} failed to connect${code ? ` (${code})` : ""}: ${detail}`;
    return new APIConnectionError(message, { operation, cause: code ? { code } : undefined });
  }
}
/** An attempt took longer than its `timeout`, or a streamed body sent nothing for `idleTimeout`. */
export class APITimeoutError extends AlliError {
  override name = "APITimeoutError";
  /** @internal `what`: "timed out after 100 ms", "sent nothing for 50 ms". */
  static of(operation: OperationInfo, what: string, requestId?: string): APITimeoutError {
    return new APITimeoutError(`${describeOperation(operation)} ${what}`, { operation, requestId });
  }
}
/** The caller's AbortSignal (or a helper's own stop, such as `stream.abort()`) aborted the call. */
export class APIUserAbortError extends AlliError {
  override name = "APIUserAbortError";
  /** @internal */
  static of(operation: OperationInfo | undefined, cause: unknown, fields: ErrorFields = {}): APIUserAbortError {
    return new APIUserAbortError(`${describeOperation(operation)} was aborted`, { ...fields, operation, cause });
  }
}
/** Input the spec (or the SDK) says is invalid, caught before the network. */
export class InvalidInputError extends AlliError {
  override name = "InvalidInputError";
  /** The offending field (`query.beforeRange`, `headers.OWN-USER-ID`, `options.timeout`). */
  declare readonly field: string;
  /** The rule it breaks, as the message says it after the field. */
  declare readonly rule: string;
  constructor(field: string, rule: string, fields: ErrorFields = {}) {
    super(`${field}: ${rule}`, fields);
    Object.assign(this, { field: redactText(field), rule: redactText(rule) });
  }
}
/** A download's body ended early: the connection dropped, or fewer bytes than its Content-Length arrived. */
export class TruncatedDownloadError extends AlliError {
  override name = "TruncatedDownloadError";
  /** Bytes received before the body ended. */
  declare readonly bytesReceived: number;
  /** Bytes the server announced (Content-Length), when it announced them. */
  declare readonly expectedBytes?: number;
  constructor(message: string, fields: ErrorFields & Pick<TruncatedDownloadError, "bytesReceived" | "expectedBytes">) {
    super(message, fields);
  }
}
/** Why a stream stopped before its end. */
export type StreamInterruption = "connection-lost" | "idle-timeout" | "truncated" | "too-large";
/** A stream ended early: connection lost, idle past its timeout, cut mid-event, or an event over `maxEventBytes`. */
export class StreamInterruptedError extends AlliError {
  override name = "StreamInterruptedError";
  declare readonly reason: StreamInterruption;
  /** The events received before the interruption, oldest first (the most recent `keepEvents` of them). */
  declare readonly events: unknown[];
  /** How many events arrived in all (more than `events.length` when older ones were let go). */
  declare readonly eventCount: number;
  constructor(message: string, fields: ErrorFields & Pick<StreamInterruptedError, "reason" | "events" | "eventCount">) {
    super(`${message} (${fields.eventCount} event${fields.eventCount === 1 ? "" : "s"} received)`, fields);
    // The events are the server's data: readable, but kept out of util.inspect and JSON.
    Object.defineProperty(this, "events", { value: fields.events, enumerable: false, configurable: true });
  }
}
export function serverMessage(body: unknown): string | undefined {
  if (typeof body === "string") return body.trim().slice(0, 500) || undefined;
  if (!body || typeof body !== "object") return undefined;
  for (const key of ["message", "detail", "error", "errors", "msg", "title"]) {
    const value = (body as Record<string, unknown>)[key];
    if (typeof value === "string" && value) return value;
    if (Array.isArray(value) && value.length)
      return value.map((v) => (typeof v === "string" ? v : (serverMessage(v) ?? JSON.stringify(v)))).join("; ");
    const nested = serverMessage(value);
    if (nested) return nested;
  }
  return undefined;
}
export function connectionCodeOf(error: unknown): string | undefined {
  let at = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; at && depth < 5; at = at.cause as typeof at, depth++)
    if (typeof at.code === "string") return at.code;
  return undefined;
}
/** What went wrong in a JSON text, without V8's words: its quote of the text could hold a piece of a secret. */
export function jsonSyntaxDetail(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return `invalid JSON at position ${position}`;
  return /end of (JSON )?input|Unterminated/i.test(message) ? "the JSON text ends too early" : "invalid JSON";
}
/** Prism (`alli mock`) says why it refused a request only in `sl-violations`: JSON `[{ location, message }]`. */
function mockViolations(raw: string | null): string | undefined {
  const say = ({ location, message }: { location?: unknown; message?: unknown }) =>
    `${Array.isArray(location) ? `${location.join(".")}: ` : ""}${typeof message === "string" ? message : ""}`;
  try {
    return (JSON.parse(raw ?? "") as Parameters<typeof say>[0][]).map(say).join("; ") || undefined;
  } catch {
    return undefined;
  }
}
