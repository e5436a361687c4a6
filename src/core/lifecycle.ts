/** Request lifecycle (attempts, redirects, retries, watched bodies): nothing else arms a timer or hears a signal. */
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
/** One attempt: the wire's stop signal, not an AbortController, held strongly (Node 20's undici holds one weakly). */
export class Attempt implements StopSignal {
  aborted = false;
  reason: unknown;
  /** Why the SDK stopped the attempt itself, if it did. */
  stoppedBy: "timeout" | "idle" | "user-abort" | "closed" | undefined;
  #ended = false;
  #listeners: (() => void)[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #unlink: (() => void) | undefined;
  constructor(
    readonly operation: OperationInfo,
    readonly limits: Pick<Limits, "timeout" | "idleTimeout">,
    signals: readonly AbortSignal[],
  ) {
    if (signals.length) {
      const listener = (event: Event) => this.stop("user-abort", (event.target as AbortSignal).reason);
      const aborted = signals.find((signal) => signal.aborted);
      if (aborted) this.stop("user-abort", aborted.reason);
      else for (const signal of signals) signal.addEventListener("abort", listener);
      this.#unlink = () => signals.forEach((signal) => signal.removeEventListener("abort", listener));
    }
    if (!this.#ended && limits.timeout <= MAX_TIMER_MS)
      this.#timer = setTimeout(() => this.stop("timeout", new Error("timeout")), limits.timeout);
  }
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
    this.#unlink?.();
    this.#listeners = [];
  }
  /** Hands a streamed body over: the timeout is done, each read runs the idle clock, its end or `return()` ends it. */
  watch(answer: Answer): void {
    clearTimeout(this.#timer);
    if (!answer.body) return this.end();
    const chunks = chunksOf(answer.body);
    const { idleTimeout } = this.limits;
    const iterator: AsyncIterableIterator<Uint8Array> = {
      next: async () => {
        if (this.aborted) throw this.failure();
        clearTimeout(this.#idleTimer);
        if (idleTimeout > 0 && idleTimeout <= MAX_TIMER_MS && !this.#ended)
          this.#idleTimer = setTimeout(() => this.stop("idle", new Error("idle timeout")), idleTimeout);
        try {
          const result = await chunks.next();
          if (result.done) this.end();
          return result;
        } catch (error) {
          this.end();
          throw this.stoppedBy ? this.failure(error) : error; // a network failure as it is, for the reader to name
        } finally {
          clearTimeout(this.#idleTimer);
        }
      },
      return: async () => {
        this.stop("closed", new Error("the caller stopped reading"));
        await chunks.return?.().catch(() => {});
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    answer.body = iterator;
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
/** What one call's sending needs; `streamBody` hands the body over (the timeout ends at the headers). */
export type Exchange = { operation: OperationInfo; limits: Limits; idempotent: boolean; streamBody: boolean } & {
  wire(request: WireRequest, operation: OperationInfo): Wire | Promise<Wire>;
} & { signals: readonly AbortSignal[]; logger?: Logger; onRetry?: (event: RetryEvent) => void };
/** Sends until an attempt answers 2xx (it runs on until the body is read or, streamed, ends); else the APIError. */
export async function send(x: Exchange, request: WireRequest): Promise<{ answer: Answer; attempt: Attempt }> {
  const { operation, logger, limits } = x;
  const where =
    logger && `${request.method} ${redactText(request.origin + request.path)} ${describeOperation(operation)}`;
  for (let retry = 0; ; retry++) {
    const started = Date.now();
    const attempt = new Attempt(operation, limits, x.signals);
    logger?.debug(`→ ${where}${retry ? ` (retry ${retry})` : ""}`);
    let failure: AlliError;
    let connectionCode: string | undefined;
    try {
      const answer = await followRedirects(x, request, attempt);
      const id = logger && requestIdOf(answer.headers);
      logger?.debug(`← ${answer.status} ${where} in ${Date.now() - started} ms${id ? ` request-id=${id}` : ""}`);
      if (answer.status >= 200 && answer.status < 300) {
        if (x.streamBody) attempt.watch(answer);
        return { answer, attempt };
      }
      const { text, truncated } = await readPrefix(answer.body, MAX_ERROR_BODY_BYTES + SECRET_MARGIN);
      const { headers, status, statusText } = answer;
      const waits = { retryAfter: parseRetryAfter(headers), rateLimit: parseRateLimit(headers) };
      failure = APIError.generate({ status, statusText, operation, headers, text, truncated, ...waits });
      attempt.end();
    } catch (error) {
      attempt.end();
      // Raised by the SDK itself (a refused redirect, a GET body this runtime cannot send): final.
      if (AlliError.is(error) && !attempt.stoppedBy) throw error;
      failure = attempt.failure(error);
      if (!(failure instanceof APIConnectionError)) throw failure; // timeouts and aborts are final
      logger?.debug(`✗ ${where}: ${failure.message}`);
      connectionCode = connectionCodeOf(failure.cause) ?? connectionCodeOf(error);
    }
    const { status, retryAfter: wait } = failure;
    const retryable = isRetryable({ method: request.method, idempotent: x.idempotent, status, connectionCode });
    // A server wait beyond the cap is not slept through: the error (with retryAfter) is raised now.
    if (retry >= limits.maxRetries || !retryable || (wait ?? 0) > limits.maxRetryAfter) throw failure;
    const delay = wait ?? backoffDelay(retry + 1);
    x.onRetry?.({ attempt: retry + 1, delay, cause: failure });
    const of = `(retry ${retry + 1} of ${limits.maxRetries})`;
    logger?.debug(`retrying ${describeOperation(operation)} in ${delay} ms ${of}: ${failure.message}`);
    // The wait is an attempt that sends nothing: its timeout (cut to what a timer can wait) ends it, or an abort.
    const pause = new Attempt(operation, { timeout: Math.min(delay, MAX_TIMER_MS), idleTimeout: 0 }, x.signals);
    await new Promise<void>((resolve) => pause.whenStopped(resolve));
    if (pause.stoppedBy === "user-abort") throw pause.failure();
  }
}
const refused = (operation: OperationInfo, why: string) =>
  new AlliError(`${describeOperation(operation)} ${why}; the SDK stops there`, { operation });
/**
 * One attempt, following redirects so that the key and the identity never reach another origin and a POST never becomes
 * a GET: same origin, at most 10 hops, 307/308 keeping method and body; another origin only for a GET, never to http.
 */
async function followRedirects(x: Exchange, first: WireRequest, attempt: Attempt): Promise<Answer> {
  let visited: Set<string> | undefined;
  for (let request = first; ;) {
    if (attempt.aborted) throw attempt.failure(); // stopped before anything is sent
    const wire = x.wire(request, x.operation);
    const answer = await (typeof wire === "function" ? wire : await wire)(request, attempt);
    const { status } = answer;
    // A browser hides where a redirect leads (an opaque redirect, status 0).
    if (status === 0) throw refused(x.operation, "was redirected, and this runtime does not say where to");
    const location = answer.headers.get("location");
    if (![301, 302, 303, 307, 308].includes(status) || location === null) return answer;
    answer.discard();
    const { method } = request;
    const url = request.origin + request.path;
    const notFollowed = (why: string, to: string) => {
      const detail = `the redirect to ${redactText(to)} is not followed: ${why}`;
      return APIError.generate({ status, operation: x.operation, headers: answer.headers, detail });
    };
    let target: URL;
    try {
      target = new URL(location, url);
    } catch {
      throw notFollowed("its Location is not a URL", location);
    }
    const safe = method === "GET" || method === "HEAD";
    const from = new URL(url);
    const crossOrigin = target.origin !== from.origin;
    const why =
      target.protocol !== "http:" && target.protocol !== "https:"
        ? `it leads to a ${target.protocol} URL`
        : !safe && status < 304
          ? `a ${status} would turn this ${method} into a GET`
          : crossOrigin && !safe
            ? `it leads to another origin (${target.origin}), and a ${method} is never sent there`
            : crossOrigin && from.protocol === "https:" && target.protocol === "http:" && "it leads from https to http";
    if (why) throw notFollowed(why, target.href);
    const shown = redactText(target.href);
    (visited ??= new Set()).add(`${method} ${url}`);
    if (visited.has(`${method} ${target.href}`))
      throw refused(x.operation, `was redirected in a loop (back to ${shown})`);
    if (visited.size > MAX_REDIRECTS) throw refused(x.operation, `was redirected more than ${MAX_REDIRECTS} times`);
    x.logger?.debug(`↪ ${status} ${describeOperation(x.operation)} → ${shown}`);
    // The body keeps to its origin too, and 301/302/303 drop it as they turn the request into a GET. To another
    // origin no header of the request goes, not even a caller's User-Agent: only what the wire itself adds.
    const keepsBody = status >= 307 && !crossOrigin;
    const headers: Record<string, string> = {};
    for (const name in crossOrigin ? {} : request.headers)
      if ((keepsBody || name !== "content-type") && name !== "content-length") headers[name] = request.headers[name]!;
    const { origin, pathname, search } = target;
    request = { origin, path: pathname + search, method, headers, body: keepsBody ? request.body : undefined };
  }
}
