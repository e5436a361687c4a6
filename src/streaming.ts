/**
 * `alli.stream(path, init, options?)`: the events of an operation the spec marks streaming, as an
 * async iterable, with helpers for the whole text, the final result and a web ReadableStream.
 * Which operations stream, how a call asks to stream and what it may answer all come from the
 * generated metadata, so a new streaming operation in the spec needs no edit here.
 */
import type { MaybeOptionalInit } from "openapi-fetch";
import type { RequiredKeysOf } from "openapi-typescript-helpers";
import type { streaming, StreamingPath } from "../generated/operations.js";
import type { paths } from "../generated/schema.js";
import { DEFAULT_IDLE_TIMEOUT_MS } from "./client-defaults.js";
import { InvalidInputError } from "./errors.js";
import { optionalWholeNumber } from "./internal/whole-number.js";
import { operationInfo, type ClientCore } from "./internal/call.js";
import type { RequestOptions } from "./request-options.js";
import type { AlliStream, StreamEvent, StreamOptions } from "./stream-types.js";
import { AlliStreamImpl } from "./internal/streaming/alli-stream.js";
import { TextCollector } from "./internal/streaming/event-text.js";
import { openStream, prepareStream } from "./internal/streaming/stream-request.js";

/** Milliseconds a stream may go without sending a byte before it is ended with StreamInterruptedError (60 s): the client's `idleTimeout` default. */
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = DEFAULT_IDLE_TIMEOUT_MS;
/** How many of the latest events a StreamInterruptedError carries, by default. */
export const DEFAULT_KEEP_EVENTS = 1_000;

type Meta = typeof streaming;
type MethodOf<P extends StreamingPath> = Meta[P]["method"];
type OperationOf<P extends StreamingPath> = paths[P] extends Record<MethodOf<P>, infer Operation> ? Operation : never;

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

function checkCount(field: string, value: number | undefined, allowInfinity: boolean): void {
  if (value === undefined || (allowInfinity && value === Infinity)) return;
  if (!(Number.isInteger(value) && value >= 0)) throw new InvalidInputError(field, `must be a whole number ≥ 0${allowInfinity ? " or Infinity" : " (0 turns it off)"}`);
}

/** @internal Builds `alli.stream` over the client's core. */
export function createStream(core: ClientCore): StreamFn {
  const stream = (path: string, init?: Record<string, any>, options: StreamOptions = {}) => {
    checkCount("options.idleTimeout", options.idleTimeout, false);
    checkCount("options.keepEvents", options.keepEvents, true);
    optionalWholeNumber("options.maxEventBytes", options.maxEventBytes, 1);
    const prepared = prepareStream(path, init);
    const idleTimeout = options.idleTimeout ?? core.idleTimeout;
    return new AlliStreamImpl((stop) => openStream(core, prepared, { stop, idleTimeout }), {
      operation: operationInfo(prepared.method, path),
      secrets: core.secrets,
      idleTimeout,
      keepEvents: options.keepEvents ?? DEFAULT_KEEP_EVENTS,
      maxEventBytes: options.maxEventBytes ?? core.maxEventBytes,
      mapEvent: options.parseEvent,
    });
  };
  return stream as unknown as StreamFn;
}

/**
 * The whole text of a list of events, as `stream.text()` collects it: each event's text is read
 * from a string event, `choices[0].delta.content` / `.text` / `.message.content`, `delta`,
 * `token`, `content`, `text`, `message`, `answer`, or `result` / `responses[]`; a piece that
 * begins with everything collected so far replaces it (servers that resend the whole text),
 * any other piece is appended (servers that send increments). Use it on
 * `StreamInterruptedError.events` to recover the text that arrived.
 */
export function collectText(events: Iterable<unknown>): string {
  const collector = new TextCollector();
  for (const event of events) collector.add(event);
  return collector.text;
}
