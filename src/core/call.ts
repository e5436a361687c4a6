/** One typed call: checked against the spec, made plain request data once, sent, and its body read or handed over. */
import { AlliError, describeOperation, InvalidInputError, jsonSyntaxDetail, ReportedError } from "../errors/errors.js";
import { requestIdOf } from "../errors/errors.js";
import type { OperationInfo } from "../errors/errors.js";
import { BodyTooLarge, readBytes, webStreamOf, type BodySource } from "./body.js";
import { checkJsonBody, checkPathParams, checkQuery, hasDotSegment, utf8Text } from "./check-input.js";
import { buildHeaders, checkUser, identityHeaders, type HeaderSource, type UserIdentity } from "./headers.js";
import { send, type Attempt, type Exchange } from "./lifecycle.js";
import { encodeBody, type OpenFile } from "./multipart.js";
import { infoOf, operationAt, serverOf, type HttpMethod } from "./operations.js";
import { splitBaseUrl, withLimits, type Limits, type RequestOptions } from "./options.js";
import { NULL_BODY, type Answer } from "./wire.js";

/**
 * What a client resolves once for its calls: `origin` + `prefix` = `baseUrl`; `headers` = `baseHeaders` + identity;
 * `region` unless a baseUrl was given, to pick an operation's own server.
 */
export type ClientCore = Pick<Exchange, "wire" | "logger" | "onRetry"> &
  Readonly<{ baseUrl: string; origin: string; prefix: string; user: UserIdentity | undefined; openFile: OpenFile }> &
  Readonly<{ region?: string }> &
  Readonly<{ baseHeaders: Readonly<Record<string, string>>; headers: Readonly<Record<string, string>> }> &
  Readonly<{ limits: Readonly<Limits> }>;
/** The path map's init: params, body, how to read the answer, and the per-call options. */
export interface CallInit extends RequestOptions {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> };
  body?: unknown;
  parseAs?: "json" | "text" | "blob" | "arrayBuffer" | "stream";
}
/** What a helper sets: its own `stop` beside the caller's signal, an idle timeout, and headers under the caller's. */
export type CallExtras = { stop?: AbortSignal; idleTimeout?: number; headers?: HeaderSource };
/** The answer, and the attempt that got it (for a streamed body, running until the body ends). */
export type CallResult = { data: unknown; answer: Answer; attempt: Attempt; requestId: string | undefined };
const utf8 = new TextDecoder();
export async function call(
  core: ClientCore,
  method: HttpMethod,
  path: string,
  init: CallInit = {},
  extras: CallExtras = {},
): Promise<CallResult> {
  if (typeof path !== "string" || !path.startsWith("/")) {
    const got = JSON.stringify(path);
    throw new InvalidInputError("path", `must be one of the spec's paths, starting with "/", got ${got}`);
  }
  // A dot segment would climb out of baseUrl's path prefix once a server or proxy resolved it; so would one the URL
  // parser makes by dropping a tab or line break (`.\t.`), and no control character is a path's anyway.
  // eslint-disable-next-line no-control-regex -- control characters are what it finds
  if (/[\x00-\x1f\x7f]/.test(path)) throw new InvalidInputError("path", "must not contain a control character");
  if (hasDotSegment(path.split(/[?#]/)[0]!))
    throw new InvalidInputError("path", `must not contain a "." or ".." segment, got ${JSON.stringify(path)}`);
  utf8Text("path", path);
  const { params = {}, parseAs = "json", signal } = init;
  const given = signal as Partial<AbortSignal> | null | undefined; // null is no signal, as fetch takes it
  const listens = typeof given?.addEventListener === "function" && typeof given.removeEventListener === "function";
  if (given != null && (typeof given.aborted !== "boolean" || !listens))
    throw new InvalidInputError("signal", "must be an AbortSignal, such as new AbortController().signal");
  const meta = operationAt(method, path);
  const operation = infoOf(method, path, meta?.operationId);
  // An operation the spec serves from servers of its own is sent to its server for the region (a baseUrl overrides).
  const served = meta?.servers && core.region ? serverOf(meta.servers, core.region, operation) : undefined;
  const { origin, prefix } = served ? splitBaseUrl(served) : core;
  checkPathParams(meta, path, params.path);
  if (meta) checkQuery(meta, params.query);
  if (meta) checkJsonBody(meta, init.body);
  const customLimits = init.timeout ?? init.maxRetries ?? extras.idleTimeout;
  const limits = customLimits === undefined ? core.limits : withLimits(core.limits, { ...init, ...extras });
  const encoded = init.body === undefined ? undefined : await encodeBody(init.body, meta, core.openFile);
  const identity = init.user === undefined ? undefined : identityHeaders({ ...core.user, ...checkUser(init.user) });
  // The CSV download's Accept goes over the client's headers, under the call's own.
  const accept = meta?.textAnswer ? { accept: meta.textAnswer } : undefined;
  const own = [accept, extras.headers, init.headers, params.header] as const;
  const headers =
    identity || own.some(Boolean)
      ? buildHeaders(identity ? core.baseHeaders : core.headers, identity, ...own)
      : { ...core.headers };
  // A form's Content-Type carries its boundary: it is always the encoder's; a JSON one only when none was given.
  if (encoded && (!headers["content-type"] || encoded.type.startsWith("multipart/")))
    headers["content-type"] = encoded.type;
  const search = params.query ? searchOf(params.query) : "";
  const filled = params.path
    ? path.replace(/\{([^{}]+)\}/g, (_, name: string) => encode(params.path![name], `path.${name}`))
    : path;
  let target = prefix + filled + (search && `?${search}`);
  // A literal path or query name with a space, non-ASCII or a fragment: escaped (and the fragment dropped) as a URL.
  if (/[^\w\-.~!$&'()*+,;=:@/?%]/.test(target)) target = ((url) => url.pathname + url.search)(new URL(target, origin));
  const streamBody = parseAs === "stream";
  const signals = [signal, extras.stop].filter((s): s is AbortSignal => s != null);
  const { wire, logger, onRetry } = core;
  const exchange = { operation, wire, limits, idempotent: !!init.idempotent, signals, streamBody, logger, onRetry };
  const request = { origin, path: target, method, headers, body: encoded?.body };
  const { answer, attempt } = await send(exchange, request);
  const requestId = requestIdOf(answer.headers);
  const length = answer.headers.get("content-length");
  const noBody = NULL_BODY.has(answer.status) || (length === "0" && !answer.headers.get("transfer-encoding"));
  if (streamBody && noBody) answer.discard();
  const { maxResponseBytes: max } = limits;
  if (streamBody) {
    const data = answer.body ? webStreamOf(capped(answer.body, max, operation)) : undefined;
    return { data, answer, attempt, requestId };
  }
  try {
    // A declared length past the limit is refused before a byte is read.
    if (Number(length) > max) throw (answer.discard(), new BodyTooLarge());
    const bytes = await readBytes(answer.body, max);
    // Documented without content: `undefined`, as its type says, whatever the server sent.
    const empty = noBody || (meta?.emptyAnswer && !init.parseAs);
    const as = meta?.textAnswer && !init.parseAs ? "text" : parseAs;
    const data = empty ? undefined : parse(bytes, as, answer.headers.get("content-type") ?? "");
    const field = as === "json" ? meta?.errorField : undefined;
    const reported = field && ReportedError.of(data, field, operation, answer);
    if (reported) throw reported;
    return { data, answer, attempt, requestId };
  } catch (error) {
    if (error instanceof BodyTooLarge) throw tooLarge(operation, max);
    if (error instanceof ReportedError) throw error;
    if (!(error instanceof SyntaxError)) throw attempt.failure(error);
    const what = `that is not valid JSON (${jsonSyntaxDetail(error)})`;
    throw new AlliError(`${describeOperation(operation)} answered with a body ${what}`, { operation });
  } finally {
    attempt.end();
  }
}
function tooLarge(operation: OperationInfo, max: number): AlliError {
  const what = `larger than maxResponseBytes (${max} bytes); the SDK stopped reading and closed the connection`;
  return new AlliError(`${describeOperation(operation)} answered with a body ${what}`, { operation });
}
/** The path map's stream (the attempt's watched iterator, its idle clock running), held to maxResponseBytes as it is
 * read; leaving the loop closes the body. */
async function* capped(body: BodySource, max: number, operation: OperationInfo) {
  let size = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    if ((size += chunk.byteLength) > max) throw tooLarge(operation, max);
    yield chunk;
  }
}
function parse(bytes: Uint8Array, as: string, type: string): unknown {
  if (as === "arrayBuffer") return bytes.slice().buffer;
  if (as === "blob") return new Blob([bytes as Uint8Array<ArrayBuffer>], { type });
  const text = utf8.decode(bytes);
  return as === "text" ? text : text ? JSON.parse(text) : undefined;
}
// encodeURIComponent would throw "URI malformed" on a lone surrogate.
const encode = (value: unknown, field: string) => encodeURIComponent(utf8Text(field, String(value)));
/** The query as openapi-fetch's default serializer writes it: arrays exploded (`a=1&a=2`), objects as `a[k]=v`. */
function searchOf(query: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    const field = `query.${name}`;
    utf8Text(field, name);
    if (Array.isArray(value)) for (const item of value) parts.push(`${name}=${encode(item, field)}`);
    else if (value && typeof value === "object")
      for (const [key, item] of Object.entries(value)) parts.push(`${name}[${key}]=${encode(item, `${field}.${key}`)}`);
    else if (value !== undefined && value !== null) parts.push(`${name}=${encode(value, field)}`);
  }
  return parts.join("&");
}
