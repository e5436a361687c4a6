/**
 * What the decoders hand on. An ordinary event is its decoded value itself (no wrapper object
 * per event: a stream can carry hundreds of thousands); anything else is a StreamSignal.
 */

/** Anything a decoder finds that is not an ordinary event. */
export type StreamSignal =
  /** The `[DONE]` sentinel: the stream is over. */
  | DoneSignal
  /** An SSE `event: error`, or a JSON event carrying an error. */
  | ErrorSignal
  /** A value that should be JSON and is not. */
  | InvalidSignal
  /** The body ended in the middle of an event. */
  | TruncatedSignal
  /** One event grew past the limit before it ended. */
  | OversizeSignal;

abstract class Signal {
  abstract readonly kind: string;
}
/** The `[DONE]` sentinel. */
export class DoneSignal extends Signal {
  readonly kind = "done";
}
/** An error event, or an event whose JSON reports an error. */
export class ErrorSignal extends Signal {
  readonly kind = "error";
  /** `data` is the event's decoded JSON (or its raw text); `event` is the SSE event name, if any. */
  constructor(readonly data: unknown, readonly event?: string) {
    super();
  }
}
/** Text the SDK cannot read as an event; `detail` says why. */
export class InvalidSignal extends Signal {
  readonly kind = "invalid";
  constructor(readonly text: string, readonly detail: string) {
    super();
  }
}
/** An event (or line) passed `limit` bytes before it ended: the stream is given up, the rest unread. */
export class OversizeSignal extends Signal {
  readonly kind = "oversize";
  constructor(readonly limit: number) {
    super();
  }
}
/** The body ended inside an event; `text` is what there was of it. */
export class TruncatedSignal extends Signal {
  readonly kind = "truncated";
  constructor(readonly text: string) {
    super();
  }
}

/** One thing a decoder found: an event's value, or a signal. */
export type Decoded = unknown;

/** Whether a decoded item is a signal rather than an event. */
export function isSignal(item: Decoded): item is StreamSignal {
  return item instanceof Signal;
}

/**
 * Whether a decoded JSON value reports an error rather than carrying data: an `error` or `errors`
 * field that is a non-empty string, object or array (or `true`), or `type: "error"`. The API's
 * sync bodies carry `"errors": null`, and `{}` / `[]` / `""` say nothing went wrong.
 */
export function isErrorPayload(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  const { error, errors } = record;
  // Runs on every event: the usual answer (no such fields) is found without a call.
  if (error === undefined && errors === undefined && record.type !== "error") return false;
  if (Array.isArray(value)) return false;
  return reportsError(error) || reportsError(errors) || record.type === "error";
}

function reportsError(field: unknown): boolean {
  if (field === undefined || field === null || field === false) return false;
  if (field === true) return true;
  if (typeof field === "string") return field.trim() !== "";
  if (Array.isArray(field)) return field.length > 0;
  if (typeof field === "object") return Object.keys(field).length > 0;
  return false;
}
