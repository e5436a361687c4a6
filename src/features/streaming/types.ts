/** The public types of `alli.stream`: which operations stream, and how, come from the generated metadata. */
import type { MaybeOptionalInit } from "openapi-fetch";
import type {
  FilterKeys,
  OkStatus,
  RequiredKeysOf,
  ResponseContent,
  ResponseObjectMap,
} from "openapi-typescript-helpers";
import type { StreamEvents, streaming, StreamingPath } from "../../../generated/operations.js";
import type { paths } from "../../../generated/schema.js";
import type { RequestOptions } from "../../core/options.js";

type Meta = typeof streaming;
type MethodOf<P extends StreamingPath> = Meta[P]["method"];
type OperationOf<P extends StreamingPath> = paths[P] extends Record<MethodOf<P>, infer Operation> ? Operation : never;
type OkContent<P extends StreamingPath> = ResponseContent<FilterKeys<ResponseObjectMap<OperationOf<P>>, OkStatus>>;
type DeclaredEvent<P extends StreamingPath> = FilterKeys<OkContent<P>, Meta[P]["mediaTypes"][number]>;
/** One event: the `event` schema of `x-alli-streaming`, else the media type's, else `unknown` (see `parseEvent`). */
export type StreamEvent<P extends StreamingPath> = P extends keyof StreamEvents
  ? StreamEvents[P]
  : [DeclaredEvent<P>] extends [string] // never, too
    ? unknown
    : DeclaredEvent<P>;
/** Per-stream options (the third argument of `alli.stream`). */
export interface StreamOptions<Event = unknown> {
  /** Overrides the client's `idleTimeout`: a stream silent for longer ends with StreamInterruptedError. */
  idleTimeout?: number;
  /** Overrides the client's `maxEventBytes`: the most one event or line may hold (default 16 MiB). */
  maxEventBytes?: number;
  /** How many of the latest events a StreamInterruptedError carries (default 1 000): memory stays flat. */
  keepEvents?: number;
  /** Checks or converts each event (a validator's `parse`, say); its return type types the stream's events. */
  parseEvent?: (event: unknown) => Event;
}
/** The bytes `toReadableStream` produces: JSON lines, Server-Sent Events (`data: <json>`), or the text alone. */
export type ReadableFormat = "ndjson" | "sse" | "text";
/** What `final()` resolves with. */
export interface StreamResult<Event> {
  /** The last event: the whole result where each event resends the result so far (run LLM app, generative answer). */
  last: Event | undefined;
  /** The stream's whole text, as `text()` collects it. */
  text: string;
  /** How many events arrived. */
  eventCount: number;
}
/** A streaming call, sent when first read and read once; leaving a loop closes the connection. An error event raises
 * an APIError subclass, a non-2xx answer the status's; a drop, a silence or a cut-off event StreamInterruptedError. */
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
/** The operation with its body's trigger field optional: the SDK sets it (the caller may give the streaming value). */
type StreamOperation<Op, Trigger> = Trigger extends { readonly field: infer F extends string; readonly value: infer V }
  ? { [K in keyof Op]: K extends "requestBody" ? StreamRequestBody<Op[K], F, V> : Op[K] }
  : Op;
type StreamRequestBody<RequestBody, F extends string, V> = RequestBody extends { content: infer Content }
  ? Omit<RequestBody, "content"> & { content: { [M in keyof Content]: WithoutTrigger<Content[M], F, V> } }
  : RequestBody;
type WithoutTrigger<Body, F extends string, V> = Body extends object ? Omit<Body, F> & { [K in F]?: V } : Body;
/** `init` of a streaming call: `params` and `body` as for `alli.POST` on the same path, minus the trigger field. */
export type StreamInit<P extends StreamingPath> = Pick<
  NonNullable<
    MaybeOptionalInit<{ [M in MethodOf<P>]: StreamOperation<OperationOf<P>, Meta[P]["trigger"]> }, MethodOf<P>>
  >,
  "params" | "body"
>;
type StreamArgs<P extends StreamingPath, E> = [init: StreamInit<P> & RequestOptions, options?: StreamOptions<E>];
/** `alli.stream`: accepts only the paths the spec marks streaming; `init` is optional where it requires nothing. */
export type StreamFn = <P extends StreamingPath, Event = StreamEvent<P>>(
  path: P,
  ...args: RequiredKeysOf<StreamInit<P>> extends never ? Partial<StreamArgs<P, Event>> : StreamArgs<P, Event>
) => AlliStream<Event>;
