/**
 * One call's trip to the server, the request lifecycle's loop: an Attempt per try (see
 * attempt.ts), the redirect policy applied hop by hop, retries with backoff, logging, and every
 * failure as the SDK's error. openapi-fetch hands it the request it built; the body is read once
 * here and re-sent by every attempt and every redirect.
 */
import { AlliError, APIConnectionError, errorClassFor, type OperationInfo } from "../../errors.js";
import type { Logger } from "../../logger.js";
import { backoffDelay, isRetryable, type RetryEvent } from "../../retry.js";
import { connectionCodeOf, describeOperation, errorFromResponse, requestIdOf } from "../error-factory.js";
import { redactHeaders, redactText } from "../redact.js";
import { limitedStream } from "../read-limited.js";
import { sleep } from "../sleep.js";
import { Attempt, userAbortError } from "./attempt.js";
import type { ChooseWire } from "./choose-wire.js";
import { toWireRequest, type OutgoingRequest, type WireRequest } from "./outgoing.js";
import { decideRedirect, MAX_REDIRECTS } from "./redirect-policy.js";
import { watchedBody } from "./watched-body.js";
import type { WireAnswer } from "./wire.js";
import { WireResponse } from "./wire-response.js";

/** What one call's sending needs; `attempt` is set to the attempt whose response is returned. */
export interface SendContext {
  operation: OperationInfo;
  chooseWire: ChooseWire;
  secrets: readonly string[];
  maxRetries: number;
  maxRetryAfter: number;
  idempotent: boolean;
  timeout: number;
  idleTimeout: number;
  /** The caller's signal and a helper's own stop signal, where there are. */
  signals: readonly AbortSignal[];
  /** The body is handed over as a stream: the timeout ends with the headers, the idle clock starts. */
  streamBody: boolean;
  /** The most a body read whole may hold, after decompression. */
  maxResponseBytes: number;
  logger?: Logger;
  onRetry?: (event: RetryEvent) => void;
  attempt?: Attempt;
}

/**
 * Headers that may follow a GET to another origin: only what the transport itself adds. The
 * credentials, the identity and every header of the caller's (an Accept included) stay home.
 */
const CROSS_ORIGIN_HEADERS = new Set(["accept-encoding", "user-agent"]);

function keepForOrigin(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (CROSS_ORIGIN_HEADERS.has(name)) kept[name] = value;
  return kept;
}

/** Sends one attempt, following the redirects the policy allows; returns the first answer that is not one. */
async function sendFollowingRedirects(first: WireRequest, attempt: Attempt, ctx: SendContext): Promise<WireAnswer> {
  const visited = new Set<string>();
  let request = first;
  for (let hops = 0; ; hops++) {
    visited.add(`${request.method} ${request.url}`);
    const wire = await ctx.chooseWire(request, ctx.operation);
    const answer = await wire(request, attempt.signal);
    if ((answer as Response).type === "opaqueredirect") {
      throw new AlliError(`${describeOperation(ctx.operation)} was redirected, and this runtime does not say where to; the SDK does not follow it`, { operation: ctx.operation });
    }
    const decision = decideRedirect({ method: request.method, url: request.url, status: answer.status, location: answer.headers.get("location") });
    if (decision.kind === "not-a-redirect") return answer;
    discard(answer);
    const where = describeOperation(ctx.operation);
    const location = redactText(decision.kind === "refuse" ? decision.location : decision.url, ctx.secrets);
    if (decision.kind === "refuse") {
      const ErrorClass = errorClassFor(answer.status);
      throw new ErrorClass(`${answer.status} from ${where}: the redirect to ${location} is not followed: ${decision.why}`, {
        status: answer.status,
        operation: ctx.operation,
        requestId: requestIdOf(answer.headers),
        headers: redactHeaders(answer.headers, ctx.secrets),
      });
    }
    // The body (a GET's, for the two operations that carry one) is the caller's data: it keeps
    // to the origin too, and 301/302/303 drop it as they turn the request into a GET.
    const keepsBody = (answer.status === 307 || answer.status === 308) && !decision.crossOrigin;
    // A copy: the request every retry re-sends must keep its own headers.
    const headers = decision.crossOrigin ? keepForOrigin(request.headers) : { ...request.headers };
    if (!keepsBody) {
      delete headers["content-type"];
      delete headers["content-length"];
    }
    const next: WireRequest = { url: decision.url, method: request.method, headers, body: keepsBody ? request.body : undefined };
    if (visited.has(`${next.method} ${next.url}`)) throw new AlliError(`${where} was redirected in a loop (back to ${location}); the SDK stops there`, { operation: ctx.operation });
    if (hops + 1 > MAX_REDIRECTS) throw new AlliError(`${where} was redirected more than ${MAX_REDIRECTS} times; the SDK stops there`, { operation: ctx.operation });
    ctx.logger?.debug(`↪ ${answer.status} ${where} → ${location}`);
    request = next;
  }
}

function discard(answer: WireAnswer): void {
  if (answer instanceof WireResponse) answer.discard();
  else answer.body?.cancel().catch(() => {});
}

/** A body to be read whole, bounded by maxResponseBytes (a Response from fetch: through a counting stream). */
function limitBody(answer: WireAnswer, max: number): WireAnswer {
  if (answer instanceof WireResponse) {
    answer.maxBytes = max;
    return answer;
  }
  // fetch decodes a compressed body: its Content-Length says nothing of the bytes that are read.
  const encoding = answer.headers.get("content-encoding");
  const length = Number(answer.headers.get("content-length") ?? NaN);
  if (!answer.body || ((!encoding || encoding === "identity") && length <= max)) return answer;
  return new Response(limitedStream(answer.body, max), { status: answer.status, statusText: answer.statusText, headers: answer.headers });
}

/** Hands a streamed body over under its attempt's idle clock; the attempt ends with the body. */
function handOver(answer: WireAnswer, attempt: Attempt): WireAnswer {
  attempt.headersArrived();
  if (answer instanceof WireResponse) {
    answer.setBody(watchedBody(answer.body, attempt));
    return answer;
  }
  // A Response of a null-body status cannot be built with a body (and has none to watch).
  if (answer.body === null || answer.status === 204 || answer.status === 205 || answer.status === 304) {
    attempt.end();
    return answer;
  }
  return new Response(watchedBody(answer.body, attempt), { status: answer.status, statusText: answer.statusText, headers: answer.headers });
}

export async function send(outgoing: OutgoingRequest, ctx: SendContext): Promise<WireAnswer> {
  const where = describeOperation(ctx.operation);
  const request = await toWireRequest(outgoing);
  const url = redactText(request.url, ctx.secrets);
  for (let attemptNumber = 0; ; attemptNumber++) {
    const isLast = attemptNumber >= ctx.maxRetries;
    const started = Date.now();
    const attempt = new Attempt({ operation: ctx.operation, secrets: ctx.secrets, timeout: ctx.timeout, idleTimeout: ctx.idleTimeout, signals: ctx.signals });
    ctx.attempt = attempt;
    ctx.logger?.debug(`→ ${request.method} ${url} ${where}${attemptNumber ? ` (retry ${attemptNumber})` : ""}`);
    let failure: AlliError;
    let retryable: boolean;
    let serverWait: number | undefined;
    try {
      const answer = await sendFollowingRedirects(request, attempt, ctx);
      const requestId = requestIdOf(answer.headers);
      ctx.logger?.debug(`← ${answer.status} ${request.method} ${url} in ${Date.now() - started} ms${requestId ? ` request-id=${redactText(requestId, ctx.secrets)}` : ""}`);
      // The attempt goes on while the caller reads the body (the timeout covers it), or, for a
      // streamed body, until the body ends.
      if (answer.ok) return ctx.streamBody ? handOver(answer, attempt) : limitBody(answer, ctx.maxResponseBytes);
      failure = await errorFromResponse(answer, ctx.operation, ctx.secrets);
      attempt.end();
      serverWait = failure.retryAfter;
      retryable = isRetryable({ method: request.method, idempotent: ctx.idempotent, status: answer.status });
    } catch (error) {
      const stopped = attempt.stoppedBy;
      attempt.end();
      // Raised by the SDK itself (a refused redirect, a GET body this runtime cannot send): final.
      if (AlliError.is(error) && !stopped) throw error;
      failure = attempt.failure(error);
      if (!(failure instanceof APIConnectionError)) throw failure; // timeouts and aborts are final
      ctx.logger?.debug(`✗ ${request.method} ${url}: ${failure.message}`);
      retryable = isRetryable({ method: request.method, idempotent: ctx.idempotent, connectionCode: connectionCodeOf(failure.cause) ?? connectionCodeOf(error) });
    }
    // A server wait beyond the cap is not slept through: the error (with retryAfter) is raised now.
    if (isLast || !retryable || (serverWait !== undefined && serverWait > ctx.maxRetryAfter)) throw failure;
    const delay = serverWait ?? backoffDelay(attemptNumber + 1);
    ctx.onRetry?.({ attempt: attemptNumber + 1, delay, cause: failure });
    ctx.logger?.debug(`retrying ${where} in ${delay} ms (retry ${attemptNumber + 1} of ${ctx.maxRetries}): ${failure.message}`);
    try {
      await sleep(delay, ctx.signals);
    } catch (reason) {
      throw userAbortError(ctx.operation, reason);
    }
  }
}
