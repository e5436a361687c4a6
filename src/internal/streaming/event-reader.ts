/**
 * Reads a streaming response's body into events: one chunk at a time, each event handed on as
 * soon as its bytes are in, and turns every way a stream can end badly (error event, drop,
 * silence, cut-off event, abort) into the SDK's error for it. The request's attempt owns the
 * connection, the idle clock and the caller's signal; the reader asks it why a read failed.
 */
import type { OperationInfo } from "../../errors.js";
import type { CallResult } from "../call.js";
import { isSignal, type Decoded, type StreamSignal } from "./decoded.js";
import { EventDecoder } from "./event-decoder.js";
import {
  errorEventError,
  interruptedError,
  invalidEventError,
  lostWhat,
  truncatedWhat,
  userAbortError,
  type Interruption,
  type StreamErrorContext,
} from "./stream-errors.js";

/** What a reader needs beside the response: who it is for, its limits, and how to hang up. */
export interface ReaderOptions {
  operation: OperationInfo;
  secrets: readonly string[];
  /** Milliseconds without a byte before the stream counts as dead (for the message; the attempt keeps the clock). */
  idleTimeout: number;
  /** How many of the latest events a StreamInterruptedError carries. */
  keepEvents: number;
  /** The most one event may hold. */
  maxEventBytes: number;
  /** Called on every event before it is handed on (the caller's validator, if any). */
  mapEvent?: (event: unknown) => unknown;
  /** Closes the HTTP connection (aborts the request, sent or on its way). */
  closeConnection(reason?: unknown): void;
}

/** How the reading stopped, when the reader stopped it. */
type Stop = "consumer" | "user-abort";

/** The events of one response body, as an async iterator; `stop()` ends it from outside. */
export class EventReader implements AsyncIterator<unknown> {
  private call: CallResult | undefined;
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private decoder: EventDecoder | undefined;
  /** Decoded events and signals not yet handed on; the decoder appends to it directly. */
  private queue: Decoded[] = [];
  private head = 0;
  private failure: unknown;
  private finished = false;
  private stopped: Stop | undefined;
  private kept: unknown[] = [];
  private count = 0;
  private reading: Promise<void> | undefined;

  /** `open` sends the request (on the first read) and resolves once the response's headers are in. */
  constructor(
    private readonly open: () => Promise<CallResult>,
    private readonly options: ReaderOptions,
  ) {}

  get operation(): OperationInfo {
    return this.options.operation;
  }

  /** How many events have been handed on so far. */
  get eventCount(): number {
    return this.count;
  }

  next(): Promise<IteratorResult<unknown>> {
    // The caller's signal aborted while they held an event: nothing more is handed on.
    if (this.call?.attempt.stoppedBy === "user-abort") this.stop("user-abort", undefined);
    // The common case, an event already decoded, costs no async function and no extra await.
    if (this.head < this.queue.length && !isSignal(this.queue[this.head])) {
      try {
        return Promise.resolve({ value: this.deliver(this.queue[this.head++]), done: false });
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.nextSlowly();
  }

  /** The consumer is done (a `break`, a cancelled ReadableStream): closes the connection quietly. */
  async return(): Promise<IteratorResult<unknown>> {
    this.stop("consumer");
    this.failure = undefined;
    return { value: undefined, done: true };
  }

  /** Stops reading: closes the connection, and settles a read in flight. */
  stop(why: Stop, reason?: unknown): void {
    if (this.finished || this.stopped) return;
    this.stopped = why;
    this.queue = [];
    this.head = 0;
    if (why === "user-abort") this.fail(userAbortError(this.errorContext(), reason ?? this.call?.attempt.abortReason));
    else this.finished = true;
    this.release(reason);
  }

  private async nextSlowly(): Promise<IteratorResult<unknown>> {
    for (;;) {
      if (this.head < this.queue.length) {
        const item = this.queue[this.head++];
        if (!isSignal(item)) return { value: this.deliver(item), done: false };
        this.onSignal(item);
        continue;
      }
      if (this.failure !== undefined) {
        const failure = this.failure;
        this.failure = undefined;
        throw failure;
      }
      if (this.finished) return { value: undefined, done: true };
      // Two next() calls at once share one read instead of racing for the reader.
      if (this.reading) await this.reading;
      else {
        this.reading = this.fill();
        try {
          await this.reading;
        } finally {
          this.reading = undefined;
        }
      }
    }
  }

  /** Hands one event on: the caller's parseEvent, the count, the events kept for an interruption. */
  private deliver(item: Decoded): unknown {
    let event = item;
    if (this.options.mapEvent) {
      try {
        event = this.options.mapEvent(item);
      } catch (error) {
        this.fail(error);
        this.release();
        this.failure = undefined; // thrown here, once
        throw error;
      }
    }
    this.count++;
    const limit = this.options.keepEvents;
    if (limit > 0) {
      this.kept.push(event);
      // Trimmed in batches, so keeping the latest events costs O(1) per event.
      if (this.kept.length >= 2 * limit) this.kept = this.kept.slice(-limit);
    }
    return event;
  }

  /** A signal reached the head of the queue: the stream ends here, well or badly; nothing after it is read. */
  private onSignal(signal: StreamSignal): void {
    const ctx = this.errorContext();
    if (signal.kind === "done") this.finished = true;
    else if (signal.kind === "error") this.fail(errorEventError(ctx, signal.data));
    else if (signal.kind === "invalid") this.fail(invalidEventError(ctx, signal.text, signal.detail));
    else if (signal.kind === "oversize") this.fail(this.interrupted({ reason: "too-large", what: `sent an event larger than maxEventBytes (${signal.limit} bytes); the SDK stopped reading` }));
    else this.fail(this.interrupted({ reason: "truncated", what: truncatedWhat(ctx, signal.text) }));
    this.queue = [];
    this.head = 0;
    this.release();
  }

  private async fill(): Promise<void> {
    if (!this.decoder) {
      await this.start();
      return;
    }
    if (this.head >= this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    if (!this.reader) {
      this.end();
      return;
    }
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await this.reader.read();
    } catch (error) {
      if (!this.finished) this.fail(this.readFailure(error));
      this.release();
      return;
    }
    if (this.finished) return; // stopped while the read was in flight
    try {
      if (result.done) this.end();
      else this.decoder.push(result.value, this.queue);
    } catch (error) {
      // A decoder that cannot go on (a RangeError past V8's limits): the stream ends here, closed.
      this.fail(this.interrupted({ reason: "too-large", what: `could not be decoded: ${error instanceof Error ? error.name : "error"}`, cause: error }));
      this.release();
    }
  }

  /** Why a read failed, as the attempt that owns the connection saw it. */
  private readFailure(error: unknown): unknown {
    const stoppedBy = this.call?.attempt.stoppedBy;
    if (stoppedBy === "idle") return this.idleInterruption();
    if (stoppedBy === "user-abort") return userAbortError(this.errorContext(), this.call!.attempt.abortReason);
    return this.interrupted({ reason: "connection-lost", what: lostWhat(this.errorContext(), error), cause: error });
  }

  private idleInterruption() {
    return this.interrupted({ reason: "idle-timeout", what: `sent nothing for ${this.options.idleTimeout} ms` });
  }

  /** Sends the request and waits for the response's headers. */
  private async start(): Promise<void> {
    let call: CallResult;
    try {
      call = await this.open();
    } catch (error) {
      if (!this.finished) this.fail(error);
      return;
    }
    this.call = call;
    this.reader = call.answer.body?.getReader();
    this.decoder = new EventDecoder(call.answer.headers.get("content-type"), this.options.maxEventBytes);
    if (this.finished) this.release(); // stopped while the headers were on their way
  }

  /** The body ended: whatever the decoder still holds is the last of it. */
  private end(): void {
    this.decoder!.end(this.queue);
    this.finished = true; // what is queued is still handed on first
  }

  private fail(error: unknown): void {
    this.failure = error;
    this.finished = true;
  }

  /** Lets the connection go: nothing more will be read from it. */
  private release(reason?: unknown): void {
    this.options.closeConnection(reason);
    // cancel() settles a read in flight (as done) even where aborting the request does not.
    this.reader?.cancel(reason).catch(() => {});
  }

  private interrupted(details: Omit<Interruption, "events" | "eventCount">) {
    const { keepEvents } = this.options;
    const events = this.kept.length > keepEvents ? this.kept.slice(-keepEvents) : this.kept.slice();
    return interruptedError(this.errorContext(), { ...details, events, eventCount: this.count });
  }

  private errorContext(): StreamErrorContext {
    return { operation: this.options.operation, secrets: this.options.secrets, response: this.call?.answer };
  }
}
