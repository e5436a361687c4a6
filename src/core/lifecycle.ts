/**
 * The request lifecycle, in one module: an Attempt per try (its timeout, the idle clock of a
 * streamed body, the caller's signals linked and unlinked), the send loop (redirects hop by hop,
 * retries with backoff, logging), the watched body, and what every ending means as an SDK error.
 * Nothing else in the SDK arms a timer for a request or listens to a caller's signal.
 */
import {
  AlliError,
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  connectionCodeOf,
  describeOperation,
  MAX_ERROR_BODY_BYTES,
  requestIdOf,
  type OperationInfo,
} from "../errors/errors.js";
import { redactText } from "../errors/redact.js";
import { chunksOf, readPrefix } from "./body.js";
import type { Limits, Logger } from "./options.js";
import { decideRedirect, MAX_REDIRECTS } from "./redirect-policy.js";
import { backoffDelay, isRetryable, parseRateLimit, parseRetryAfter, type RetryEvent } from "./retry-policy.js";
import type { Answer, StopSignal, Wire, WireRequest } from "./wire.js";

/** Past the timer's range Node fires at once: such a limit is no limit. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Longer than any key: read past the error body's cut so that a secret across it is redacted whole. */
const SECRET_MARGIN = 4096;

/** Why the SDK ended an attempt itself. */
export type StoppedBy = "timeout" | "idle" | "user-abort" | "closed";

/** Calls `onAbort` when any of `signals` aborts (at once if one has); returns the unlink. The one place that listens to a caller's signal. */
export function linkSignals(signals: readonly AbortSignal[], onAbort: (reason: unknown) => void): () => void {
  const aborted = signals.find((signal) => signal.aborted);
  if (aborted) {
    onAbort(aborted.reason);
    return () => {};
  }
  const listener = (event: Event) => onAbort((event.target as AbortSignal).reason);
  for (const signal of signals) signal.addEventListener("abort", listener);
  return () => {
    for (const signal of signals) signal.removeEventListener("abort", listener);
  };
}

/**
 * One attempt, from sending to the last body byte. It is the wire's stop signal, held strongly
 * for the attempt's life (Node 20's undici links a cloned Request's signal only weakly, so no
 * attempt depends on a signal it does not own), and costs no AbortController.
 */
export class Attempt implements StopSignal {
  aborted = false;
  reason: unknown;
  stoppedBy: StoppedBy | undefined;
  #ended = false;
  #listeners: (() => void)[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #unlink = () => {};

  constructor(
    readonly operation: OperationInfo,
    readonly limits: Pick<Limits, "timeout" | "idleTimeout">,
    signals: readonly AbortSignal[],
  ) {
    if (signals.length) this.#unlink = linkSignals(signals, (reason) => this.stop("user-abort", reason));
    if (!this.#ended && limits.timeout <= MAX_TIMER_MS) {
      this.#timer = setTimeout(() => this.stop("timeout", new Error("timeout")), limits.timeout);
    }
  }

  /** For undici, which takes the attempt as its AbortSignal. */
  addEventListener(_type: "abort", listener: () => void): void {
    this.whenStopped(listener);
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    this.#listeners = this.#listeners.filter((l) => l !== listener);
  }

  /** Calls `listener` when the attempt is stopped (a wire closing its connection). */
  whenStopped(listener: () => void): void {
    if (this.aborted) listener();
    else if (!this.#ended) this.#listeners.push(listener);
  }

  /** The headers of a streamed body are in: the timeout is done, the idle clock guards the rest. */
  headersArrived(): void {
    clearTimeout(this.#timer);
  }

  /** A read of a streamed body starts: the idle clock runs until a chunk arrives. */
  waiting(): void {
    const { idleTimeout } = this.limits;
    if (idleTimeout <= 0 || idleTimeout > MAX_TIMER_MS || this.#ended) return;
    this.#idleTimer = setTimeout(() => this.stop("idle", new Error("idle timeout")), idleTimeout);
  }

  /** A chunk arrived (or the read failed): silence on the consumer's side is not the server's. */
  arrived(): void {
    clearTimeout(this.#idleTimer);
  }

  /** Stops the attempt and closes its connection; the first reason counts. */
  stop(why: StoppedBy, reason?: unknown): void {
    if (this.aborted) return;
    if (!this.#ended) this.stoppedBy = why;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.#listeners;
    this.end();
    for (const listener of listeners) listener();
  }

  /** The attempt is over (body read, failed, or stopped): no timer runs and no listener stays. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#idleTimer);
    this.#unlink();
    this.#listeners = [];
  }

  /** A failure without a response, as the SDK's error: the SDK's own stop first, else the network's. */
  failure(error?: unknown): AlliError {
    const { operation, limits } = this;
    if (this.stoppedBy === "timeout") return APITimeoutError.of(operation, `timed out after ${limits.timeout} ms`);
    if (this.stoppedBy === "idle") return APITimeoutError.of(operation, `sent nothing for ${limits.idleTimeout} ms`);
    if (this.stoppedBy === "user-abort") return APIUserAbortError.of(operation, this.reason);
    return AlliError.is(error) ? error : APIConnectionError.from(operation, error);
  }
}

/** Waits `ms`, or rejects with APIUserAbortError when a caller's signal aborts first. */
function sleep(ms: number, operation: OperationInfo, signals: readonly AbortSignal[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let aborted = false;
    const unlink = linkSignals(signals, (reason) => {
      aborted = true;
      clearTimeout(timer);
      reject(APIUserAbortError.of(operation, reason));
    });
    // A wait past the timer's range would fire at once: it is cut to what a timer can wait.
    if (!aborted) timer = setTimeout(() => (unlink(), resolve()), Math.min(ms, MAX_TIMER_MS));
  });
}

/** What one call's sending needs. */
export interface Exchange {
  operation: OperationInfo;
  /** The wire for a request (undici, node:http or fetch), loaded on first use. */
  wire(request: WireRequest, operation: OperationInfo): Wire | Promise<Wire>;
  limits: Limits;
  idempotent: boolean;
  /** The caller's signal and a helper's own stop signal, where there are. */
  signals: readonly AbortSignal[];
  /** The body is handed over as a stream: the timeout ends with the headers, the idle clock starts. */
  streamBody: boolean;
  logger?: Logger;
  onRetry?: (event: RetryEvent) => void;
}

/** A 2xx answer and the attempt that got it, still running until its body is read (or handed over). */
export interface Sent {
  answer: Answer;
  attempt: Attempt;
}

/**
 * Sends a request: attempts until one answers 2xx or a failure is final. A non-2xx answer raises
 * the status's APIError, a failure without an answer the lifecycle's error for it.
 */
export async function send(x: Exchange, request: WireRequest): Promise<Sent> {
  const { operation, logger, limits } = x;
  const where = logger && `${request.method} ${redactText(request.origin + request.path)} ${describeOperation(operation)}`;
  for (let retry = 0; ; retry++) {
    const started = logger && Date.now();
    const attempt = new Attempt(operation, limits, x.signals);
    logger?.debug(`→ ${where}${retry ? ` (retry ${retry})` : ""}`);
    let failure: AlliError;
    let retryable: boolean;
    try {
      const answer = await followRedirects(x, request, attempt);
      logger?.debug(`← ${answer.status} ${where} in ${Date.now() - started!} ms${idNote(answer)}`);
      if (answer.ok) {
        if (x.streamBody) watch(answer, attempt);
        return { answer, attempt };
      }
      failure = await errorOf(answer, operation);
      attempt.end();
      retryable = isRetryable({ method: request.method, idempotent: x.idempotent, status: answer.status });
    } catch (error) {
      const stopped = attempt.stoppedBy;
      attempt.end();
      // Raised by the SDK itself (a refused redirect, a GET body this runtime cannot send): final.
      if (AlliError.is(error) && !stopped) throw error;
      failure = attempt.failure(error);
      if (!(failure instanceof APIConnectionError)) throw failure; // timeouts and aborts are final
      logger?.debug(`✗ ${where}: ${failure.message}`);
      const connectionCode = connectionCodeOf(failure.cause) ?? connectionCodeOf(error);
      retryable = isRetryable({ method: request.method, idempotent: x.idempotent, connectionCode });
    }
    const serverWait = failure.retryAfter;
    // A server wait beyond the cap is not slept through: the error (with retryAfter) is raised now.
    if (retry >= limits.maxRetries || !retryable || (serverWait !== undefined && serverWait > limits.maxRetryAfter)) {
      throw failure;
    }
    const delay = serverWait ?? backoffDelay(retry + 1);
    x.onRetry?.({ attempt: retry + 1, delay, cause: failure });
    logger?.debug(`retrying ${describeOperation(operation)} in ${delay} ms (retry ${retry + 1} of ${limits.maxRetries}): ${failure.message}`);
    await sleep(delay, operation, x.signals);
  }
}

const idNote = (answer: Answer) => {
  const id = requestIdOf(answer.headers);
  return id ? ` request-id=${id}` : "";
};

/** The error of a non-2xx answer, from the start of its body. */
async function errorOf(answer: Answer, operation: OperationInfo): Promise<APIError> {
  const { text, truncated } = await readPrefix(answer.body, MAX_ERROR_BODY_BYTES + SECRET_MARGIN);
  const { headers, status, statusText } = answer;
  return APIError.generate({ status, statusText, operation, headers, text, truncated, ...waits(answer) });
}

const waits = ({ headers }: Answer) => ({ retryAfter: parseRetryAfter(headers), rateLimit: parseRateLimit(headers) });

/**
 * Headers that may follow a GET to another origin: only what the transport itself adds. The
 * credentials, the identity and every header of the caller's stay home.
 */
const CROSS_ORIGIN_HEADERS = ["accept-encoding", "user-agent"];

/** Sends one attempt, following the redirects the policy allows; returns the first answer that is not one. */
async function followRedirects(x: Exchange, first: WireRequest, attempt: Attempt): Promise<Answer> {
  let request = first;
  let visited: Set<string> | undefined;
  for (let hops = 0; ; hops++) {
    const url = request.origin + request.path;
    if (attempt.aborted) throw attempt.failure(); // stopped before anything is sent
    const wire = x.wire(request, x.operation);
    const answer = await (typeof wire === "function" ? wire : await wire)(request, attempt);
    if (answer.status === 0) {
      throw new AlliError(`${describeOperation(x.operation)} was redirected, and this runtime does not say where to; the SDK does not follow it`, {
        operation: x.operation,
      });
    }
    const decision = decideRedirect({ method: request.method, url, status: answer.status, location: answer.headers.get("location") });
    if (decision.kind === "not-a-redirect") return answer;
    answer.discard();
    const location = decision.kind === "refuse" ? decision.location : decision.url;
    if (decision.kind === "refuse") {
      const detail = `the redirect to ${location} is not followed: ${decision.why}`;
      throw APIError.generate({ status: answer.status, operation: x.operation, headers: answer.headers, detail });
    }
    // The body keeps to its origin too, and 301/302/303 drop it as they turn the request into a GET.
    const keepsBody = (answer.status === 307 || answer.status === 308) && !decision.crossOrigin;
    const headers: Record<string, string> = {};
    for (const name in request.headers) {
      const dropped = (decision.crossOrigin && !CROSS_ORIGIN_HEADERS.includes(name)) || (!keepsBody && name === "content-type");
      if (!dropped && name !== "content-length") headers[name] = request.headers[name]!;
    }
    const target = new URL(decision.url);
    visited ??= new Set([`${request.method} ${url}`]);
    if (visited.has(`${request.method} ${target.href}`)) {
      throw new AlliError(`${describeOperation(x.operation)} was redirected in a loop (back to ${location}); the SDK stops there`, {
        operation: x.operation,
      });
    }
    if (hops + 1 > MAX_REDIRECTS) {
      throw new AlliError(`${describeOperation(x.operation)} was redirected more than ${MAX_REDIRECTS} times; the SDK stops there`, {
        operation: x.operation,
      });
    }
    visited.add(`${request.method} ${target.href}`);
    x.logger?.debug(`↪ ${answer.status} ${describeOperation(x.operation)} → ${location}`);
    const body = keepsBody ? request.body : undefined;
    request = { origin: target.origin, path: target.pathname + target.search, method: request.method, headers, body };
  }
}

/**
 * Hands a streamed body over under its attempt: each read runs the idle clock, the end of the
 * body ends the attempt, stopping early (`return()`) closes the connection, and a read the SDK
 * stopped (timeout, idle, abort) throws the SDK's error for it.
 */
function watch(answer: Answer, attempt: Attempt): void {
  attempt.headersArrived();
  const source = answer.body;
  if (!source) {
    attempt.end();
    return;
  }
  const chunks = chunksOf(source);
  const iterator: AsyncIterableIterator<Uint8Array> = {
    async next() {
      if (attempt.aborted) throw attempt.failure();
      attempt.waiting();
      try {
        const result = await chunks.next();
        if (result.done) attempt.end();
        return result;
      } catch (error) {
        // The SDK's own stop as its error; a network failure as it is, for the reader to name (a lost stream, a cut download).
        const stopped = attempt.stoppedBy;
        attempt.end();
        throw stopped ? attempt.failure(error) : error;
      } finally {
        attempt.arrived();
      }
    },
    async return() {
      attempt.stop("closed", new Error("the caller stopped reading"));
      await chunks.return?.().catch(() => {});
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  answer.body = iterator;
}
