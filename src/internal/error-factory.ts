/** Builds the SDK's error for a non-2xx response (failures without one: request/attempt.ts). */
import {
  errorClassFor,
  serverMessage,
  type APIError,
  type OperationInfo,
} from "../errors.js";
import { MAX_ERROR_BODY_BYTES } from "../client-defaults.js";
import { parseRateLimit, parseRetryAfter } from "../retry.js";
import { describeViolations } from "./mock-violations.js";
import { readTextUpTo } from "./read-limited.js";
import { redactHeaders, redactText, redactValue } from "./redact.js";
import type { HeaderReader, ResponseReader } from "./request/wire-response.js";

/** Longer than any key or token: what is read past a cut so that a secret across it is seen whole. */
const SECRET_MARGIN = 4096;
const REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-amzn-requestid", "x-amz-request-id"];

export function requestIdOf(headers: HeaderReader): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    // A server may echo anything here, the key included.
    if (value) return redactText(value);
  }
  return undefined;
}

export const describeOperation = (op: OperationInfo) => `${op.method} ${op.path}${op.operationId ? ` (${op.operationId})` : ""}`;

/** Reads the error body (at most MAX_ERROR_BODY_BYTES of it) and returns the status's error class, secrets redacted. */
export async function errorFromResponse(response: ResponseReader, operation: OperationInfo, secrets: readonly string[]): Promise<APIError> {
  let body: unknown;
  // A margin past the limit, so that a secret across the cut is still whole when it is redacted;
  // the cut comes after.
  const read = await readTextUpTo(response.body, MAX_ERROR_BODY_BYTES + SECRET_MARGIN);
  const redacted = redactText(read.text, secrets);
  const truncated = read.truncated || redacted.length > MAX_ERROR_BODY_BYTES;
  const text = truncated ? redacted.slice(0, MAX_ERROR_BODY_BYTES) : redacted;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text || undefined;
  }
  body = redactValue(body, secrets);
  const message = serverMessage(body);
  const ErrorClass = errorClassFor(response.status);
  // The reason phrase is the server's text too, and may echo a secret.
  const statusText = response.statusText ? ` ${redactText(response.statusText, secrets)}` : "";
  const violations = describeViolations(response.headers);
  return new ErrorClass(`${response.status}${statusText} from ${describeOperation(operation)}${message ? `: ${message}` : ""}${violations ? ` (the mock's reasons: ${violations})` : ""}`, {
    status: response.status,
    operation,
    requestId: requestIdOf(response.headers),
    headers: redactHeaders(response.headers, secrets),
    body,
    ...(truncated ? { bodyTruncated: true } : {}),
    retryAfter: parseRetryAfter(response.headers),
    rateLimit: parseRateLimit(response.headers),
  });
}

/** The system error code (`ECONNRESET`) somewhere in a fetch failure's cause chain. */
export function connectionCodeOf(error: unknown): string | undefined {
  for (let at: any = error, depth = 0; at && depth < 5; at = at.cause, depth++) {
    if (typeof at.code === "string") return at.code;
  }
  return undefined;
}
