/**
 * Turns `alli.stream(path, init)` into one call: the streaming trigger the spec declares goes into
 * the body, `Accept` asks for the declared streaming media types, and the body is read as a
 * stream (the timeout ends with the headers; the idle timeout guards the body).
 */
import { streaming, type StreamingPath } from "../../../generated/operations.js";
import { InvalidInputError } from "../../errors.js";
import { call, type CallResult, type ClientCore } from "../call.js";

type StreamingMeta = (typeof streaming)[StreamingPath];

/** The spec's streaming metadata for a path; a path that does not stream is bad input. */
export function streamingMetaOf(path: string): StreamingMeta {
  const meta = Object.prototype.hasOwnProperty.call(streaming, path) ? streaming[path as StreamingPath] : undefined;
  if (!meta) {
    throw new InvalidInputError("path", `must be an operation the spec marks streaming (${Object.keys(streaming).join(", ")}); got ${JSON.stringify(path)}`);
  }
  return meta;
}

/** The body with the trigger set: `{ field, value }` sets `body[field] = value`; `"always"` sends it as given. */
export function withTrigger(body: unknown, trigger: StreamingMeta["trigger"]): unknown {
  if (trigger === "always") return body;
  const { field, value } = trigger as { field: string; value: unknown };
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

/** The declared streaming media types first, then JSON for a server that answers at once. */
export function acceptFor(mediaTypes: readonly string[]): string {
  const declared = mediaTypes.filter((type) => type !== "application/json");
  return [...declared, "application/json;q=0.9"].join(", ");
}

function withAccept(given: unknown, mediaTypes: readonly string[]): Record<string, unknown> {
  const headers: Record<string, unknown> | undefined =
    given instanceof Headers || Array.isArray(given) ? Object.fromEntries(given as Iterable<[string, string]>) : (given as Record<string, unknown> | undefined);
  // A caller's own Accept header wins.
  if (headers && Object.keys(headers).some((name) => name.toLowerCase() === "accept" && headers[name] != null)) return headers;
  return { Accept: acceptFor(mediaTypes), ...headers };
}

/** A streaming call, ready to send: its method, path and init for call(). */
export interface PreparedStream {
  method: "POST" | "GET" | "PUT" | "PATCH" | "DELETE";
  path: string;
  init: Record<string, any>;
}

/** Checks the path and builds the call's init, before anything is sent (bad input fails at once). */
export function prepareStream(path: string, init: Record<string, any> | undefined): PreparedStream {
  const meta = streamingMetaOf(path);
  const { body, headers, ...rest } = init ?? {};
  const withBody = body === undefined && meta.trigger === "always" ? {} : { body: withTrigger(body, meta.trigger) };
  return {
    method: meta.method.toUpperCase() as PreparedStream["method"],
    path,
    init: { ...rest, ...withBody, headers: withAccept(headers, meta.mediaTypes), parseAs: "stream" },
  };
}

/** Sends the streaming request; resolves with the response once its headers are in, body unread. */
export function openStream(core: ClientCore, prepared: PreparedStream, options: { stop: AbortSignal; idleTimeout: number }): Promise<CallResult> {
  return call(core, prepared.method, prepared.path, prepared.init, { streamBody: true, ...options });
}
