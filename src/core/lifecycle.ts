/**
 * The request lifecycle, in one module: an Attempt per try (its timeout, the idle clock of a
 * streamed body, the caller's signals linked and unlinked), the send loop (redirects hop by hop
 * under the SDK's policy, retries with backoff, logging), the watched body, and what every ending
 * means as an SDK error. Nothing else in the SDK arms a timer for a request or listens to a signal.
 */
import { AlliError, APIConnectionError, APIError, APITimeoutError, APIUserAbortError } from "../errors/errors.js";
import { connectionCodeOf, describeOperation, MAX_ERROR_BODY_BYTES, requestIdOf } from "../errors/errors.js";
import type { OperationInfo } from "../errors/errors.js";
import { redactText } from "../errors/redact.js";
import { chunksOf, readPrefix } from "./body.js";
import type { Limits, Logger } from "./options.js";
import { backoffDelay, isRetryable, parseRateLimit, parseRetryAfter, type RetryEvent } from "./retry-policy.js";
import type { Answer, StopSignal, Wire, WireRequest } from "./wire.js";

/** Past the timer's range Node fires at once: such a limit is no limit. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Longer than any key: read past the error body's cut so that a secret across it is redacted whole. */
const SECRET_MARGIN = 4096;
const MAX_REDIRECTS = 10;

/** Calls `onAbort` when any of `signals` aborts (at once if one has); returns the unlink. */
export function linkSignals(signals: readonly AbortSignal[], onAbort: (reason: unknown) => void): () => void {
  const aborted = signals.find((signal) => signal.aborted);
  if (aborted) {
    onAbort(aborted.reason);
    return () => {};
  }
  const listener = (event: Event) => onAbort((event.target as AbortSignal).reason);
  for (const signal of signals) signal.addEventListener("abort", listener);
  return () => signals.forEach((signal) => signal.removeEventListener("abort", listener));
}

/**
 * One attempt, from sending to the last body byte. It is the wire's stop signal, held strongly
 * for the attempt's life (Node 20's undici links a cloned Request's signal only weakly, so no
 * attempt depends on a signal it does not own), and costs no AbortController.
 */
export class Attempt implements StopSignal {
  aborted = false;
  reason: unknown;
  /** Why the SDK stopped the attempt itself, if it did. */
  stoppedBy: "timeout" | "idle" | "user-abort" | "closed" | undefined;
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

  whenStopped(listener: () => void): void {
    if (this.aborted) listener();
    else if (!this.#ended) this.#listeners.push(listener);
  }

  /** The headers of a streamed body are in: the timeout is done, the idle clock guards the rest. */
  headersArrived(): void {
    clearTimeout(this.#timer);
  }

  /** A read of a streamed body starts (`true`): the idle clock runs until a chunk arrives (`false`). */
  waiting(starts: boolean): void {
    clearTimeout(this.#idleTimer);
    const { idleTimeout } = this.limits;
    if (!starts || idleTimeout <= 0 || idleTimeout > MAX_TIMER_MS || this.#ended) return;
    this.#idleTimer = setTimeout(() => this.stop("idle", new Error("idle timeout")), idleTimeout);
  }

  /** Stops the attempt and closes its connection; the first reason counts. */
  stop(why: NonNullable<Attempt["stoppedBy"]>, reason?: unknown): void {
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
    const { operation, limits, stoppedBy } = this;
    if (stoppedBy === "timeout") return APITimeoutError.of(operation, `timed out after ${limits.timeout} ms`);
    if (stoppedBy === "idle") return APITimeoutError.of(operation, `sent nothing for ${limits.idleTimeout} ms`);
    if (stoppedBy === "user-abort") return APIUserAbortError.of(operation, this.reason);
    return AlliError.is(error) ? error : APIConnectionError.from(operation, error);
  }
}

/** Waits `ms` (cut to what a timer can wait), or rejects with APIUserAbortError when a caller's signal aborts. */
function sleep(ms: number, operation: OperationInfo, signals: readonly AbortSignal[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let aborted = false;
    const unlink = linkSignals(signals, (reason) => {
      aborted = true;
      clearTimeout(timer);
      reject(APIUserAbortError.of(operation, reason));
    });
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

/**
 * Sends a request until an attempt answers 2xx, with the attempt still running until its body is
 * read (or, handed over as a stream, ends). A non-2xx answer raises the status's APIError.
 */
export async function send(x: Exchange, request: WireRequest): Promise<{ answer: Answer; attempt: Attempt }> {
  const { operation, logger, limits } = x;
  const where =
    logger && `${request.method} ${redactText(request.origin + request.path)} ${describeOperation(operation)}`;
  for (let retry = 0; ; retry++) {
    const started = Date.now();
    const attempt = new Attempt(operation, limits, x.signals);
    logger?.debug(`→ ${where}${retry ? ` (retry ${retry})` : ""}`);
    let failure: AlliError;
    let retryable: boolean;
    try {
      const answer = await followRedirects(x, request, attempt);
      const id = logger && requestIdOf(answer.headers);
      logger?.debug(`← ${answer.status} ${where} in ${Date.now() - started} ms${id ? ` request-id=${id}` : ""}`);
      if (answer.ok) {
        if (x.streamBody) watch(answer, attempt);
        return { answer, attempt };
      }
      const { text, truncated } = await readPrefix(answer.body, MAX_ERROR_BODY_BYTES + SECRET_MARGIN);
      const { headers, status, statusText } = answer;
      const waits = { retryAfter: parseRetryAfter(headers), rateLimit: parseRateLimit(headers) };
      failure = APIError.generate({ status, statusText, operation, headers, text, truncated, ...waits });
      attempt.end();
      retryable = isRetryable({ method: request.method, idempotent: x.idempotent, status });
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
    const wait = failure.retryAfter;
    // A server wait beyond the cap is not slept through: the error (with retryAfter) is raised now.
    if (retry >= limits.maxRetries || !retryable || (wait ?? 0) > limits.maxRetryAfter) throw failure;
    const delay = wait ?? backoffDelay(retry + 1);
    x.onRetry?.({ attempt: retry + 1, delay, cause: failure });
    const retrying = `retrying ${describeOperation(operation)} in ${delay} ms (retry ${retry + 1} of ${limits.maxRetries})`;
    logger?.debug(`${retrying}: ${failure.message}`);
    await sleep(delay, operation, x.signals);
  }
}

/**
 * Headers that may follow a GET to another origin: only what the transport itself adds. The
 * credentials, the identity and every header of the caller's stay home.
 */
const CROSS_ORIGIN_HEADERS = ["accept-encoding", "user-agent"];

/**
 * Sends one attempt, following redirects itself (no wire does) so that the key and the identity
 * never reach another origin and a POST never silently becomes a GET: same origin, at most 10
 * hops, 307/308 keeping method and body; another origin only for a GET, never https → http.
 */
async function followRedirects(x: Exchange, first: WireRequest, attempt: Attempt): Promise<Answer> {
  const where = describeOperation(x.operation);
  const visited = new Set<string>();
  for (let request = first; ;) {
    const url = request.origin + request.path;
    if (attempt.aborted) throw attempt.failure(); // stopped before anything is sent
    const wire = x.wire(request, x.operation);
    const answer = await (typeof wire === "function" ? wire : await wire)(request, attempt);
    const location = answer.headers.get("location");
    // A browser hides where a redirect leads (an opaque redirect, status 0).
    const refused = (why: string) => new AlliError(`${where} ${why}; the SDK stops there`, { operation: x.operation });
    if (answer.status === 0) throw refused("was redirected, and this runtime does not say where to");
    if (![301, 302, 303, 307, 308].includes(answer.status) || location === null) return answer;
    answer.discard();
    let target: URL | undefined;
    try {
      target = new URL(location, url);
    } catch {
      // refused below
    }
    const safe = request.method === "GET" || request.method === "HEAD";
    const from = new URL(url);
    const crossOrigin = target?.origin !== from.origin;
    const why = !target
      ? "its Location is not a URL"
      : target.protocol !== "http:" && target.protocol !== "https:"
        ? `it leads to a ${target.protocol} URL`
        : !safe && answer.status < 304
          ? `a ${answer.status} would turn this ${request.method} into a GET`
          : crossOrigin && !safe
            ? `it leads to another origin (${target.origin}), and a ${request.method} is never sent there`
            : crossOrigin && from.protocol === "https:" && target.protocol === "http:"
              ? "it leads from https to http"
              : undefined;
    const shown = redactText(target?.href ?? location);
    if (why || !target) {
      const detail = `the redirect to ${shown} is not followed: ${why}`;
      throw APIError.generate({ status: answer.status, operation: x.operation, headers: answer.headers, detail });
    }
    visited.add(`${request.method} ${url}`);
    if (visited.has(`${request.method} ${target.href}`)) throw refused(`was redirected in a loop (back to ${shown})`);
    if (visited.size > MAX_REDIRECTS) throw refused(`was redirected more than ${MAX_REDIRECTS} times`);
    x.logger?.debug(`↪ ${answer.status} ${where} → ${shown}`);
    // The body keeps to its origin too, and 301/302/303 drop it as they turn the request into a GET.
    const keepsBody = answer.status >= 307 && !crossOrigin;
    const headers: Record<string, string> = {};
    for (const name in request.headers) {
      const kept = crossOrigin ? CROSS_ORIGIN_HEADERS.includes(name) : keepsBody || name !== "content-type";
      if (kept && name !== "content-length") headers[name] = request.headers[name]!;
    }
    const path = target.pathname + target.search;
    request = {
      origin: target.origin,
      path,
      method: request.method,
      headers,
      body: keepsBody ? request.body : undefined,
    };
  }
}

/**
 * Hands a streamed body over under its attempt: each read runs the idle clock, the end of the
 * body ends the attempt, stopping early (`return()`) closes the connection, and a read the SDK
 * stopped (timeout, idle, abort) throws the SDK's error for it; a network failure is thrown as it
 * is, for the reader to name (a lost stream, a cut download).
 */
function watch(answer: Answer, attempt: Attempt): void {
  attempt.headersArrived();
  if (!answer.body) return attempt.end();
  const chunks = chunksOf(answer.body);
  const iterator: AsyncIterableIterator<Uint8Array> = {
    async next() {
      if (attempt.aborted) throw attempt.failure();
      attempt.waiting(true);
      try {
        const result = await chunks.next();
        if (result.done) attempt.end();
        return result;
      } catch (error) {
        const stopped = attempt.stoppedBy;
        attempt.end();
        throw stopped ? attempt.failure(error) : error;
      } finally {
        attempt.waiting(false);
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
