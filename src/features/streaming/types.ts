/**
 * The public types of a stream: what `alli.stream` takes and returns, its events, options and
 * result. Which operations stream and how a call asks to all come from the generated metadata.
 */
import type { MaybeOptionalInit } from "openapi-fetch";
import type { FilterKeys, OkStatus, RequiredKeysOf, ResponseContent, ResponseObjectMap } from "openapi-typescript-helpers";
import type { StreamEvents, streaming, StreamingPath } from "../../../generated/operations.js";
import type { paths } from "../../../generated/schema.js";
import type { RequestOptions } from "../../core/options.js";

type Meta = typeof streaming;
type MethodOf<P extends StreamingPath> = Meta[P]["method"];
type OperationOf<P extends StreamingPath> = paths[P] extends Record<MethodOf<P>, infer Operation> ? Operation : never;

type DeclaredEvent<P extends StreamingPath> = FilterKeys<
  ResponseContent<FilterKeys<ResponseObjectMap<OperationOf<P>>, OkStatus>>,
  Meta[P]["mediaTypes"][number]
>;

/**
 * One event of a streaming operation, as the spec says: the schema its `x-alli-streaming` declares
 * as `event` (generative answer: the sync answer's schema, as its page says), else the streaming
 * media type's schema where that describes an event (an object schema). Where the spec describes
 * only the stream as a whole (`type: string`), `unknown`: narrow it with `parseEvent`.
 */
export type StreamEvent<P extends StreamingPath> = P extends keyof StreamEvents
  ? StreamEvents[P]
  : [DeclaredEvent<P>] extends [never]
    ? unknown
    : [DeclaredEvent<P>] extends [string]
      ? unknown
      : DeclaredEvent<P>;

/** Per-stream options (the third argument of `alli.stream`). */
export interface StreamOptions<Event = unknown> {
  /** Overrides the client's `idleTimeout` for this stream (see ClientOptions); a silent stream ends with StreamInterruptedError. */
  idleTimeout?: number;
  /** Overrides the client's `maxEventBytes`: the most one event or line may hold (default 16 MiB). */
  maxEventBytes?: number;
  /** How many of the latest events a StreamInterruptedError carries (default 1 000), so memory stays flat however long the stream. */
  keepEvents?: number;
  /** Checks or converts each event (a validator's `parse`, say); its return type types the stream's events. */
  parseEvent?: (event: unknown) => Event;
}

/** The bytes `toReadableStream` produces: JSON lines, Server-Sent Events (`data: <json>`), or the stream's text alone. */
export type ReadableFormat = "ndjson" | "sse" | "text";

/** What `final()` resolves with. */
export interface StreamResult<Event> {
  /** The last event. For operations that resend the whole result so far (run LLM app, generative answer, run_conversation), the complete result. */
  last: Event | undefined;
  /** The stream's whole text, as `text()` collects it. */
  text: string;
  /** How many events arrived. */
  eventCount: number;
}

/**
 * A streaming call. Nothing is sent until it is read; it can be read once, by iterating it or by
 * one of `text()`, `final()` or `toReadableStream()`. Failures raise the SDK's errors: an error
 * event as an APIError subclass with the server's message, a drop, a silence past `idleTimeout`
 * or a cut-off event as StreamInterruptedError (carrying the events received), a non-2xx before
 * the stream starts as the status's error. Leaving a loop early closes the connection.
 */
export interface AlliStream<Event> extends AsyncIterable<Event> {
  /** Sends the request if reading has not, and resolves with the response once its headers are in. */
  response(): Promise<Response>;
  /** Reads the whole stream and returns its text (what each event's text field holds, joined). */
  text(): Promise<string>;
  /** Reads the whole stream and returns its last event, its whole text and its event count. */
  final(): Promise<StreamResult<Event>>;
  /** The events as a web ReadableStream of bytes (default `"ndjson"`); cancelling it closes the connection. */
  toReadableStream(format?: ReadableFormat): ReadableStream<Uint8Array>;
  /** Stops the stream and closes its connection; a read in progress fails with APIUserAbortError. */
  abort(reason?: unknown): void;
}

/** A body without the trigger field: the SDK sets it, so the caller may leave it out (or give the streaming value). */
type WithoutTrigger<Body, Trigger> = Trigger extends { readonly field: infer F extends string; readonly value: infer V }
  ? Body extends object
    ? Omit<Body, F> & { [K in F]?: V }
    : Body
  : Body;

type StreamRequestBody<RequestBody, Trigger> = RequestBody extends { content: infer Content }
  ? Omit<RequestBody, "content"> & { content: { [M in keyof Content]: WithoutTrigger<Content[M], Trigger> } }
  : RequestBody;

type StreamOperation<Operation, Trigger> = {
  [K in keyof Operation]: K extends "requestBody" ? StreamRequestBody<Operation[K], Trigger> : Operation[K];
};

/** `init` of a streaming call: `params` and `body` as for `alli.POST` on the same path, minus the trigger field. */
export type StreamInit<P extends StreamingPath> = Pick<
  NonNullable<MaybeOptionalInit<{ [M in MethodOf<P>]: StreamOperation<OperationOf<P>, Meta[P]["trigger"]> }, MethodOf<P>>>,
  "params" | "body"
>;

type StreamArgs<P extends StreamingPath, Event> =
  RequiredKeysOf<StreamInit<P>> extends never
    ? [init?: StreamInit<P> & RequestOptions, options?: StreamOptions<Event>]
    : [init: StreamInit<P> & RequestOptions, options?: StreamOptions<Event>];

/** `alli.stream`: accepts only the paths the spec marks streaming. */
export type StreamFn = <P extends StreamingPath, Event = StreamEvent<P>>(path: P, ...args: StreamArgs<P, Event>) => AlliStream<Event>;
