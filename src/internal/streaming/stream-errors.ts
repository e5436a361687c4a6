/**
 * The SDK's errors for a stream that ends badly, each carrying the operation, the request id and
 * the response's headers (secrets redacted): an error event, an event that is not JSON, an
 * interruption (with the events that arrived), an abort by the caller.
 */
import { AlliError, APIUserAbortError, errorClassFor, serverMessage, StreamInterruptedError, type APIError, type OperationInfo, type StreamInterruption } from "../../errors.js";
import { describeOperation, requestIdOf } from "../error-factory.js";
import { excerpt, redactHeaders, redactText, redactValue } from "../redact.js";
import type { HeaderReader } from "../request/wire-response.js";

/** What every stream error carries: the operation, and the response once there is one. */
export interface StreamErrorContext {
  operation: OperationInfo;
  secrets: readonly string[];
  /** Undefined until the response's headers are in. */
  response: { status: number; headers: HeaderReader } | undefined;
}

function fields(ctx: StreamErrorContext) {
  const headers = ctx.response?.headers;
  return {
    operation: ctx.operation,
    ...(headers ? { requestId: requestIdOf(headers), headers: redactHeaders(headers, ctx.secrets) } : {}),
  };
}

/** A status an error event carries itself (`{ error: { status: 429 } }`), which picks the error's class. */
function embeddedStatus(data: unknown, depth = 0): number | undefined {
  if (!data || typeof data !== "object" || depth > 2) return undefined;
  const record = data as Record<string, unknown>;
  for (const key of ["status", "statusCode", "status_code", "code"]) {
    const value = typeof record[key] === "string" ? Number(record[key]) : record[key];
    if (typeof value === "number" && Number.isInteger(value) && value >= 400 && value <= 599) return value;
  }
  return embeddedStatus(record.error, depth + 1);
}

/** An error event or error object in the stream: the status's APIError class (the HTTP status unless the event names one). */
export function errorEventError(ctx: StreamErrorContext, data: unknown): APIError {
  const body = redactValue(data, ctx.secrets);
  const status = embeddedStatus(body) ?? ctx.response?.status ?? 200;
  const ErrorClass = errorClassFor(status);
  return new ErrorClass(`${describeOperation(ctx.operation)} sent an error event: ${serverMessage(body) ?? "no message"}`, { ...fields(ctx), status, body });
}

/** A stream the SDK cannot read: an event that should be JSON and is not, or a body in no format it knows. */
export function invalidEventError(ctx: StreamErrorContext, text: string, detail: string): AlliError {
  // The parser's detail quotes the event, which may echo a secret, like the excerpt.
  return new AlliError(`${describeOperation(ctx.operation)} sent a stream the SDK cannot read (${redactText(detail, ctx.secrets)}): ${excerpt(text, 200, ctx.secrets)}`, fields(ctx));
}

/** The details of a StreamInterruptedError. */
export interface Interruption {
  reason: StreamInterruption;
  /** What happened, after "<operation> stream ". */
  what: string;
  events: unknown[];
  eventCount: number;
  cause?: unknown;
}

/** StreamInterruptedError, with the events kept and the count. */
export function interruptedError(ctx: StreamErrorContext, { reason, what, events, eventCount, cause }: Interruption): StreamInterruptedError {
  return new StreamInterruptedError(`${describeOperation(ctx.operation)} stream ${what} (${eventCount} event${eventCount === 1 ? "" : "s"} received)`, {
    ...fields(ctx),
    reason,
    events,
    eventCount,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** What a cut-off event looked like, for the interruption's message. */
export function truncatedWhat(ctx: StreamErrorContext, text: string): string {
  return `ended in the middle of an event: ${excerpt(text, 200, ctx.secrets)}`;
}

/** What a transport failure said, for the interruption's message. */
export function lostWhat(ctx: StreamErrorContext, error: unknown): string {
  const message = error instanceof Error ? (error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message) : String(error);
  return `lost its connection: ${redactText(message, ctx.secrets)}`;
}

/** The caller aborted the stream (its signal, or `stream.abort()`). */
export function userAbortError(ctx: StreamErrorContext, reason: unknown): APIUserAbortError {
  return new APIUserAbortError(`${describeOperation(ctx.operation)} was aborted`, { ...fields(ctx), cause: reason });
}
