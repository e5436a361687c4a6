/**
 * One attempt of a request, from sending to the last body byte. It owns the attempt's
 * AbortController (held here, strongly, for the attempt's whole life: Node 20's undici links a
 * signal of a cloned Request only weakly, so no attempt may depend on a signal it does not own),
 * links the caller's signals to it and unlinks them when the attempt ends, arms the timeout, runs
 * the idle clock of a streamed body, and says what an ending means as one of the SDK's errors.
 */
import { AlliError, APIConnectionError, APITimeoutError, APIUserAbortError, type OperationInfo } from "../../errors.js";
import { connectionCodeOf, describeOperation } from "../error-factory.js";
import { redactText } from "../redact.js";

/** Why the SDK ended an attempt itself; undefined while it runs or when the server or the network ended it. */
export type EndedBy = "timeout" | "user-abort" | "idle" | "closed";

/** What an attempt needs: its limits, the signals that may stop it, and who it is for. */
export interface AttemptLimits {
  operation: OperationInfo;
  secrets: readonly string[];
  /** Milliseconds from sending to the last body byte (a streamed body: to its headers). */
  timeout: number;
  /** Milliseconds a streamed body may send nothing before it is given up; 0 turns the clock off. */
  idleTimeout: number;
  /** The caller's signals (theirs, and a helper's own stop signal): any of them aborts the attempt. */
  signals: readonly AbortSignal[];
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export class Attempt {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private endedBy: EndedBy | undefined;
  private ended = false;
  private readonly onSignal = (event: Event) => this.stop("user-abort", (event.target as AbortSignal).reason);

  constructor(readonly limits: AttemptLimits) {
    for (const signal of limits.signals) {
      if (signal.aborted) {
        this.stop("user-abort", signal.reason);
        return;
      }
      signal.addEventListener("abort", this.onSignal);
    }
    // Past the timer's range Node fires at once; such a limit is no limit.
    if (limits.timeout <= MAX_TIMER_MS) this.timer = setTimeout(() => this.stop("timeout", new Error("timeout")), limits.timeout);
  }

  /** The signal the wire sends with: aborted when the attempt is stopped for any reason. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the SDK stopped the attempt, if it did. */
  get stoppedBy(): EndedBy | undefined {
    return this.endedBy;
  }

  /** The headers of a streamed body are in: the timeout is done, the idle clock guards the rest. */
  headersArrived(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** A read of the streamed body starts: the idle clock runs until a chunk arrives. */
  waitingForChunk(): void {
    if (this.limits.idleTimeout <= 0 || this.limits.idleTimeout > MAX_TIMER_MS || this.ended) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stop("idle", new Error("idle timeout")), this.limits.idleTimeout);
  }

  /** A chunk arrived (or the consumer stopped reading): silence on our side is not the server's. */
  chunkArrived(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** Stops the attempt and closes its connection; the first reason counts. */
  stop(why: EndedBy, reason?: unknown): void {
    if (!this.endedBy && !this.ended) this.endedBy = why;
    this.controller.abort(reason);
    this.end();
  }

  /** The attempt is over (body read, failed, or handed back): no timer runs and no listener stays. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.timer);
    clearTimeout(this.idleTimer);
    for (const signal of this.limits.signals) signal.removeEventListener("abort", this.onSignal);
  }

  /** A failure without a response, as the SDK's error: the SDK's own stop first, else the network's. */
  failure(error: unknown): AlliError {
    const { operation } = this.limits;
    const where = describeOperation(operation);
    if (this.endedBy === "timeout") return new APITimeoutError(`${where} timed out after ${this.limits.timeout} ms`, { operation });
    if (this.endedBy === "idle") return new APITimeoutError(`${where} sent nothing for ${this.limits.idleTimeout} ms`, { operation });
    if (this.endedBy === "user-abort") return userAbortError(operation, this.abortReason);
    if (AlliError.is(error)) return error;
    return connectionError(error, operation, this.limits.secrets);
  }

  /** The reason of the caller's signal that aborted the attempt. */
  get abortReason(): unknown {
    for (const signal of this.limits.signals) if (signal.aborted) return signal.reason;
    return undefined;
  }
}

/** The caller aborted (their signal, or a helper's stop: `stream.abort()`). */
export function userAbortError(operation: OperationInfo, reason: unknown): APIUserAbortError {
  return new APIUserAbortError(`${describeOperation(operation)} was aborted`, { operation, cause: reason });
}

/** A failure of the network itself (refused, reset, DNS), the system code kept as the cause. */
export function connectionError(error: unknown, operation: OperationInfo, secrets: readonly string[]): APIConnectionError {
  const code = connectionCodeOf(error);
  const detail = redactText(error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error), secrets);
  return new APIConnectionError(`${describeOperation(operation)} failed to connect${code ? ` (${code})` : ""}: ${detail}`, { operation, cause: code ? { code } : undefined });
}
