/**
 * `alli.stream(path, init, options?)`: the events of an operation the spec marks streaming. The
 * request is checked and prepared at once (bad input throws before the network): the trigger the
 * spec declares goes into the body, `Accept` asks for the declared streaming media types. The
 * stream object sends nothing until it is read, is read once, and owns its connection: break,
 * abort() and cancel all close it. Its reader (read-events.ts) loads on the first read.
 */
import { AlliError, describeOperation, InvalidInputError } from "../../errors/errors.js";
import { pullStream } from "../../core/body.js";
import type { CallExtras, CallResult } from "../../core/call.js";
import { infoOf, streamingAt, streamingPaths, type HttpMethod, type StreamingMeta } from "../../core/operations.js";
import { wholeNumber, type Limits } from "../../core/options.js";
import type { AlliStream, ReadableFormat, StreamOptions, StreamResult } from "./types.js";

/** The options a stream takes beside the per-call ones. */
export const STREAM_OPTIONS = ["idleTimeout", "maxEventBytes", "keepEvents", "parseEvent"] as const;

type Obj = Record<string, any>;
type Open = (method: HttpMethod, path: string, init: Obj, extras: CallExtras) => Promise<CallResult>;

/** The body with the trigger set (`{ field, value }` sets `body[field] = value`; `"always"` sends it as given). */
function withTrigger(body: unknown, trigger: StreamingMeta["trigger"]): unknown {
  if (trigger === "always") return body;
  const { field, value } = trigger;
  if (typeof FormData !== "undefined" && body instanceof FormData) {
    const form = new FormData();
    for (const [name, entry] of body) form.append(name, entry);
    form.set(field, String(value));
    return form;
  }
  if (body !== undefined && body !== null && (typeof body !== "object" || Array.isArray(body))) {
    throw new InvalidInputError("body", `must be an object, so that the SDK can set ${field}: ${JSON.stringify(value)} to make the call stream`);
  }
  return { ...(body as object | undefined), [field]: value };
}

/** What a stream's reader needs: how to open it, who it is for, and its limits. */
export interface StreamSetup {
  open(stop: AbortSignal): Promise<CallResult>;
  operation: ReturnType<typeof infoOf>;
  idleTimeout: number;
  maxEventBytes: number;
  keepEvents: number;
  parseEvent?: (event: unknown) => unknown;
}

const load = () => import("./read-events.js");

/** What `alli.stream()` returns (the public contract is AlliStream in types.ts). */
class EventStream<Event> implements AlliStream<Event> {
  /** The stream's own stop (break, cancel, abort()): the request's attempt listens to it beside the caller's signal. */
  readonly #stop = new AbortController();
  #opened: Promise<CallResult> | undefined;
  #claimed = false;
  /** How many events have been handed on so far. */
  eventCount = 0;

  constructor(readonly setup: StreamSetup) {}

  /** Sends the request once; the reader and response() share it. */
  open(): Promise<CallResult> {
    if (!this.#opened) {
      this.#opened = this.setup.open(this.#stop.signal);
      // Whoever reads sees a failure; this keeps an unread one from being reported as unhandled.
      this.#opened.catch(() => {});
    }
    return this.#opened;
  }

  response(): Promise<Response> {
    return this.open().then((result) => result.answer.toResponse());
  }

  [Symbol.asyncIterator](): AsyncIterator<Event> {
    if (this.#claimed) {
      const { operation } = this.setup;
      throw new AlliError(`${describeOperation(operation)}: this stream is already being read; each alli.stream() call can be read once`, {
        operation,
      });
    }
    this.#claimed = true;
    return this.#events();
  }

  async *#events(): AsyncGenerator<Event> {
    yield* (await load()).readEvents(this) as AsyncGenerator<Event>;
  }

  async final(): Promise<StreamResult<Event>> {
    return (await load()).finalOf(this);
  }

  async text(): Promise<string> {
    return (await this.final()).text;
  }

  toReadableStream(format: ReadableFormat = "ndjson"): ReadableStream<Uint8Array> {
    const events = this[Symbol.asyncIterator]();
    let encode: ((event: unknown) => string) | undefined;
    const encoder = new TextEncoder();
    return pullStream(
      async () => {
        encode ??= (await load()).encoderFor(format);
        // Past events that add no text, so that each read gives bytes or the end.
        for (let next = await events.next(); !next.done; next = await events.next()) {
          const text = encode(next.value);
          if (text) return encoder.encode(text);
        }
        return undefined;
      },
      (reason) => {
        // A read may be waiting for the headers, where the reader cannot be stopped: the connection is closed here.
        this.#stop.abort(reason ?? new Error("the stream was cancelled"));
        void events.return?.().catch(() => {});
      },
    );
  }

  abort(reason?: unknown): void {
    this.#stop.abort(reason ?? new Error("the stream was aborted"));
  }
}

/** `alli.stream` over `open`, the client's call; `limits` are the client's. */
export function createStream(open: Open, limits: Readonly<Limits>) {
  return (path: string, init: Obj = {}, options: StreamOptions = {}): AlliStream<unknown> => {
    const meta = streamingAt(undefined, path);
    if (!meta) {
      const allowed = streamingPaths().join(", ");
      throw new InvalidInputError("path", `must be an operation the spec marks streaming (${allowed}); got ${JSON.stringify(path)}`);
    }
    const idleTimeout = wholeNumber("options.idleTimeout", options.idleTimeout, 0) ?? limits.idleTimeout;
    const maxEventBytes = wholeNumber("options.maxEventBytes", options.maxEventBytes, 1) ?? limits.maxEventBytes;
    const keepEvents = options.keepEvents === Infinity ? Infinity : (wholeNumber("options.keepEvents", options.keepEvents, 0) ?? 1_000);
    const { body, ...rest } = init;
    const method = meta.method.toUpperCase() as HttpMethod;
    const streamInit = { ...rest, parseAs: "stream", ...(body === undefined && meta.trigger === "always" ? {} : { body: withTrigger(body, meta.trigger) }) };
    // The declared streaming media types first, then JSON for a server that answers at once; a caller's own Accept wins.
    const accept = [...meta.mediaTypes.filter((type) => type !== "application/json"), "application/json;q=0.9"].join(", ");
    return new EventStream({
      open: (stop) => open(method, path, streamInit, { stop, idleTimeout, headers: { accept } }),
      operation: infoOf(method, path, meta.operationId),
      idleTimeout,
      maxEventBytes,
      keepEvents,
      parseEvent: options.parseEvent,
    });
  };
}
