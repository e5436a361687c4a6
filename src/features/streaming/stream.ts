/** `alli.stream`: the call is checked and prepared at once, and sent on the first read, which loads read-events.ts. */
import { AlliError, describeOperation, InvalidInputError } from "../../errors/errors.js";
import { pullStream } from "../../core/body.js";
import type { CallExtras, CallResult } from "../../core/call.js";
import { infoOf, streamingAt, streamingPaths, type HttpMethod, type StreamingMeta } from "../../core/operations.js";
import { wholeNumber, type Limits } from "../../core/options.js";
import type { AlliStream, StreamOptions } from "./types.js";

export const STREAM_OPTIONS = ["idleTimeout", "maxEventBytes", "keepEvents", "parseEvent"] as const;
type Obj = Record<string, unknown>;
type Open = (method: HttpMethod, path: string, init: Obj, extras: CallExtras) => Promise<CallResult>;
const load = () => import("./read-events.js");
/** The body with the spec's trigger set (`body[field] = value`); `"always"` streams whatever the body. */
function withTrigger(body: unknown, trigger: StreamingMeta["trigger"]): unknown {
  if (trigger === "always") return body;
  const { field, value } = trigger;
  if (body instanceof FormData) {
    const form = new FormData();
    for (const [name, entry] of body) form.append(name, entry);
    form.set(field, String(value));
    return form;
  }
  if (body !== undefined && body !== null && (typeof body !== "object" || Array.isArray(body))) {
    const why = `must be an object, so that the SDK can set ${field}: ${JSON.stringify(value)} to make the call stream`;
    throw new InvalidInputError("body", why);
  }
  return { ...(body as object | undefined), [field]: value };
}
export function createStream(open: Open, limits: Readonly<Limits>) {
  return (path: string, { body, ...init }: Obj = {}, options: StreamOptions = {}): AlliStream<unknown> => {
    const meta = streamingAt(undefined, path);
    const paths = `must be an operation the spec marks streaming (${streamingPaths().join(", ")})`;
    if (!meta) throw new InvalidInputError("path", `${paths}; got ${JSON.stringify(path)}`);
    const idleTimeout = wholeNumber("options.idleTimeout", options.idleTimeout, 0) ?? limits.idleTimeout;
    const maxEventBytes = wholeNumber("options.maxEventBytes", options.maxEventBytes, 1) ?? limits.maxEventBytes;
    const keepEvents =
      options.keepEvents === Infinity ? Infinity : (wholeNumber("options.keepEvents", options.keepEvents, 0) ?? 1_000);
    const method = meta.method.toUpperCase() as HttpMethod;
    const operation = infoOf(method, path, meta.operationId);
    const streamInit = { ...init, parseAs: "stream", body: withTrigger(body, meta.trigger) };
    // The streaming media types first, then JSON for a server that answers at once; a caller's Accept wins.
    const accept = [...meta.mediaTypes.filter((type) => type !== "application/json"), "application/json;q=0.9"];
    const stop = new AbortController(); // break, cancel, abort(): the request listens to it beside the caller's signal
    const extras = { stop: stop.signal, idleTimeout, headers: { accept: accept.join(", ") } };
    let opened: Promise<CallResult> | undefined;
    const send = () => (opened ??= open(method, path, streamInit, extras));
    const setup = { open: send, operation, idleTimeout, maxEventBytes, keepEvents, parseEvent: options.parseEvent };
    let claimed = false; // read once: the stream owns its connection
    const events = (): AsyncGenerator<unknown> => {
      const once = "this stream is already being read; each alli.stream() call can be read once";
      if (claimed) throw new AlliError(`${describeOperation(operation)}: ${once}`, { operation });
      claimed = true;
      return (async function* () {
        yield* (await load()).readEvents(setup);
      })();
    };
    const stream: AlliStream<unknown> = {
      [Symbol.asyncIterator]: events,
      response: () => send().then((result) => result.answer.toResponse()),
      final: async () => (await load()).finalOf(stream),
      text: async () => (await stream.final()).text,
      toReadableStream(format = "ndjson") {
        const source = events();
        let bytes: AsyncIterator<Uint8Array, void> | undefined;
        return pullStream(
          async () => (await (bytes ??= (await load()).encode(source, format)).next()).value ?? undefined,
          (reason) => {
            // A read may be waiting for the headers, where the reader cannot stop it: this closes the connection.
            stream.abort(reason ?? new Error("the stream was cancelled"));
            void source.return(undefined).catch(() => {});
          },
        );
      },
      abort: (reason) => stop.abort(reason ?? new Error("the stream was aborted")),
    };
    return stream;
  };
}
