/**
 * One call's trip to the server: attempts, retries with backoff, timeouts and aborts, logging,
 * and the mapping of every failure to the SDK's errors. openapi-fetch hands it the built Request.
 */
import { AlliError, APIConnectionError, type OperationInfo } from "../errors.js";
import type { Logger } from "../logger.js";
import { backoffDelay, isRetryable, type RetryEvent } from "../retry.js";
import { connectionCodeOf, describeOperation, errorFromFailure, errorFromResponse, requestIdOf } from "./error-factory.js";
import { getBodyOf } from "./get-body-request.js";
import { redactText } from "./redact.js";
import { isNode } from "./runtime.js";
import { sleep } from "./sleep.js";

export interface TransportContext {
  operation: OperationInfo;
  fetch: (request: Request) => Promise<Response>;
  maxRetries: number;
  maxRetryAfter: number;
  idempotent: boolean;
  secrets: readonly string[];
  timeout: number;
  logger?: Logger;
  onRetry?: (event: RetryEvent) => void;
  userSignal?: AbortSignal;
  timedOut(): boolean;
  /** Starts (or restarts) the timeout clock for an attempt. */
  armTimeout(): void;
  /** Stops the clock while the SDK waits to retry. */
  disarmTimeout(): void;
}

async function sendOnce(request: Request, ctx: TransportContext): Promise<Response> {
  const getBody = getBodyOf(request);
  if (getBody === undefined) return ctx.fetch(request);
  if (!isNode()) {
    throw new AlliError(
      `${describeOperation(ctx.operation)} is a GET that carries a JSON body, as the API requires, and this runtime's fetch cannot send a body on a GET; call it from Node.js`,
      { operation: ctx.operation },
    );
  }
  const { sendGetWithBody } = await import("../node/send-get-with-body.js");
  return sendGetWithBody(request, getBody);
}

export async function send(request: Request, ctx: TransportContext): Promise<Response> {
  const where = describeOperation(ctx.operation);
  const url = redactText(request.url, ctx.secrets);
  for (let attempt = 0; ; attempt++) {
    const isLast = attempt >= ctx.maxRetries;
    const started = Date.now();
    ctx.armTimeout();
    ctx.logger?.debug(`→ ${request.method} ${url} ${where}${attempt ? ` (retry ${attempt})` : ""}`);
    let failure: AlliError;
    let retryable: boolean;
    let serverWait: number | undefined;
    try {
      // A Request body can be read once: keep the original for the next attempt.
      const response = await sendOnce(isLast ? request : request.clone(), ctx);
      const requestId = requestIdOf(response.headers);
      ctx.logger?.debug(`← ${response.status} ${request.method} ${url} in ${Date.now() - started} ms${requestId ? ` request-id=${requestId}` : ""}`);
      if (response.ok) return response;
      failure = await errorFromResponse(response, ctx.operation, ctx.secrets);
      serverWait = failure.retryAfter;
      retryable = isRetryable({ method: request.method, idempotent: ctx.idempotent, status: response.status });
    } catch (error) {
      if (AlliError.is(error)) throw error; // raised by the SDK itself, not a network failure
      failure = errorFromFailure(error, ctx);
      if (!(failure instanceof APIConnectionError)) throw failure; // timeouts and aborts are final
      ctx.logger?.debug(`✗ ${request.method} ${url}: ${failure.message}`);
      retryable = isRetryable({ method: request.method, idempotent: ctx.idempotent, connectionCode: connectionCodeOf(failure.cause) ?? connectionCodeOf(error) });
    }
    // A server wait beyond the cap is not slept through: the error (with retryAfter) is raised now.
    if (isLast || !retryable || (serverWait !== undefined && serverWait > ctx.maxRetryAfter)) throw failure;
    const delay = serverWait ?? backoffDelay(attempt + 1);
    ctx.disarmTimeout();
    ctx.onRetry?.({ attempt: attempt + 1, delay, cause: failure });
    ctx.logger?.debug(`retrying ${where} in ${delay} ms (retry ${attempt + 1} of ${ctx.maxRetries}): ${failure.message}`);
    try {
      await sleep(delay, ctx.userSignal);
    } catch {
      throw errorFromFailure(new Error("aborted"), ctx);
    }
  }
}
