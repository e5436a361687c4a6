/**
 * The object `alli.stream()` returns: one request, read once, as an async iterable of events or
 * through one of its helpers. It owns the connection: break, abort() and cancel all close it.
 */
import { AlliError } from "../../errors.js";
import type { CallResult } from "../call.js";
import { describeOperation } from "../error-factory.js";
import { EventReader, type ReaderOptions } from "./event-reader.js";
import { TextCollector } from "./event-text.js";
import { toReadableStream } from "./to-readable.js";
import type { AlliStream, ReadableFormat, StreamResult } from "../../stream-types.js";

/** What `alli.stream()` returns (the public contract is AlliStream in src/streaming.ts). */
export class AlliStreamImpl<Event> implements AlliStream<Event> {
  /** The stream's own stop (break, cancel, abort()): the request's attempt listens to it beside the caller's signal. */
  private readonly controller = new AbortController();
  private opened: Promise<CallResult> | undefined;
  private readonly reader: EventReader;
  private claimed = false;

  constructor(
    private readonly send: (signal: AbortSignal) => Promise<CallResult>,
    options: Omit<ReaderOptions, "closeConnection">,
  ) {
    this.reader = new EventReader(() => this.open(), {
      ...options,
      closeConnection: (reason) => this.controller.abort(reason ?? new Error("stream closed")),
    });
  }

  /** Sends the request (if reading has not) and resolves with the response once its headers are in; read or abort() the stream after. */
  response(): Promise<Response> {
    return this.open().then((result) => result.response);
  }

  [Symbol.asyncIterator](): AsyncIterator<Event> {
    this.claim();
    return this.reader as AsyncIterator<Event>;
  }

  /** Reads the whole stream and returns its text. */
  async text(): Promise<string> {
    return (await this.final()).text;
  }

  /** Reads the whole stream and returns its last event, its text and its event count. */
  async final(): Promise<StreamResult<Event>> {
    const collector = new TextCollector();
    let last: Event | undefined;
    for await (const event of this) {
      collector.add(event);
      last = event;
    }
    return { last, text: collector.text, eventCount: this.reader.eventCount };
  }

  /** The events as bytes: JSON lines (default), SSE, or the text alone. */
  toReadableStream(format: ReadableFormat = "ndjson"): ReadableStream<Uint8Array> {
    return toReadableStream(this[Symbol.asyncIterator](), format);
  }

  /** Stops the stream and closes its connection; a read in progress fails with APIUserAbortError. */
  abort(reason?: unknown): void {
    this.reader.stop("user-abort", reason);
  }

  private open(): Promise<CallResult> {
    if (!this.opened) {
      this.opened = this.send(this.controller.signal);
      // The reader (or the caller of response()) sees a failure; this keeps an unread one from
      // being reported as unhandled.
      this.opened.catch(() => {});
    }
    return this.opened;
  }

  private claim(): void {
    if (this.claimed) {
      throw new AlliError(`${describeOperation(this.reader.operation)}: this stream is already being read; each alli.stream() call can be read once`, {
        operation: this.reader.operation,
      });
    }
    this.claimed = true;
  }
}
