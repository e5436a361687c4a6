/**
 * One typed call, as the path map takes it (`params`, `body`, `parseAs` and the per-call options):
 * checked against the spec, turned into plain request data (the URL by openapi-fetch's
 * serializers, headers by the one builder, the body serialised once), sent by the lifecycle, and
 * its body read within `maxResponseBytes`, or handed over as a watched stream.
 */
import { defaultPathSerializer } from "openapi-fetch";
import { AlliError, describeOperation, InvalidInputError, jsonSyntaxDetail, requestIdOf } from "../errors/errors.js";
import { BodyTooLarge, readBytes, webStreamOf } from "./body.js";
import { checkJsonBody, checkPathParams, checkQuery } from "./check-input.js";
import { buildHeaders, identityHeaders, type HeaderSource, type UserIdentity } from "./headers.js";
import { send, type Attempt, type Exchange } from "./lifecycle.js";
import { encodeForm, toFormData, type OpenFile } from "./multipart.js";
import { infoOf, operationAt, type HttpMethod } from "./operations.js";
import { withLimits, type Limits, type RequestOptions } from "./options.js";
import { NULL_BODY, type Answer } from "./wire.js";

/** What a client resolved from its options, once, and every call shares. */
export interface ClientCore extends Pick<Exchange, "wire" | "logger" | "onRetry"> {
  readonly baseUrl: string;
  /** `baseUrl`'s scheme, host and port, and its path prefix (a proxy's `/alli`, or ""). */
  readonly origin: string;
  readonly prefix: string;
  /** The client's headers and credentials (lower-case) without the identity, and with it. */
  readonly baseHeaders: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly user: UserIdentity | undefined;
  readonly limits: Readonly<Limits>;
  readonly openFile: OpenFile;
  /** The query string of a query object (openapi-fetch's serializer, made once per client). */
  readonly query: (query: Record<string, unknown>) => string;
}

/** The path map's init: params, body, how to read the answer, and the per-call options. */
export interface CallInit extends RequestOptions {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> };
  body?: unknown;
  parseAs?: "json" | "text" | "blob" | "arrayBuffer" | "stream";
}

/** What a helper (a stream, a walk, a download) sets on its calls. */
export interface CallExtras {
  /** The helper's own stop (a stream's abort(), a look-ahead's cancel), beside the caller's signal. */
  stop?: AbortSignal;
  /** Overrides the idle timeout of a streamed body. */
  idleTimeout?: number;
  /** Headers under the caller's (a stream's Accept). */
  headers?: HeaderSource;
}

/** The answer, and the attempt that got it (for a streamed body, running until the body ends). */
export interface CallResult {
  data: unknown;
  answer: Answer;
  attempt: Attempt;
  requestId: string | undefined;
}

const utf8 = new TextDecoder();

export async function call(
  core: ClientCore,
  method: HttpMethod,
  path: string,
  init: CallInit = {},
  extras: CallExtras = {},
): Promise<CallResult> {
  if (typeof path !== "string" || !path.startsWith("/")) {
    throw new InvalidInputError(
      "path",
      `must be one of the spec's paths, starting with "/", got ${JSON.stringify(path)}`,
    );
  }
  const { params = {}, parseAs = "json", signal } = init;
  const meta = operationAt(method, path);
  const operation = infoOf(method, path, meta?.operationId);
  const pathNames = meta ? Object.keys(meta.pathParams ?? {}) : [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
  checkPathParams(meta, pathNames, params.path);
  if (meta) checkQuery(meta, params.query);
  if (meta) checkJsonBody(meta, init.body);
  const customLimits = init.timeout ?? init.maxRetries ?? extras.idleTimeout;
  const limits = customLimits === undefined ? core.limits : withLimits(core.limits, { ...init, ...extras });

  let body: string | Uint8Array<ArrayBuffer> | undefined;
  let type: string | undefined;
  if (init.body !== undefined) {
    const multipart = init.body && meta?.requestBody?.mediaTypes.includes("multipart/form-data");
    const fields = meta?.requestBody?.jsonStringFields ?? [];
    const form =
      init.body instanceof FormData
        ? init.body
        : multipart
          ? await toFormData(init.body as never, fields, core.openFile)
          : undefined;
    if (form) ({ body, type } = await encodeForm(form));
    else [body, type] = [serializeJson(init.body), "application/json"];
  }
  const identity = init.user && identityHeaders({ ...core.user, ...init.user });
  const custom = identity || init.headers || params.header || extras.headers;
  const headers = custom
    ? buildHeaders(identity ? core.baseHeaders : core.headers, identity, extras.headers, init.headers, params.header)
    : { ...core.headers };
  if (type && !headers["content-type"]) headers["content-type"] = type;
  if (meta?.textAnswer && !headers.accept) headers.accept = meta.textAnswer;
  const search = params.query ? core.query(params.query) : "";
  const target =
    core.prefix + (params.path ? defaultPathSerializer(path, params.path) : path) + (search && `?${search}`);

  const streamBody = parseAs === "stream";
  const signals = [signal, extras.stop].filter((s): s is AbortSignal => s !== undefined);
  const { wire, logger, onRetry } = core;
  const exchange = {
    operation,
    wire,
    limits,
    idempotent: init.idempotent ?? false,
    signals,
    streamBody,
    logger,
    onRetry,
  };
  const { answer, attempt } = await send(exchange, { origin: core.origin, path: target, method, headers, body });
  const requestId = requestIdOf(answer.headers);
  if (streamBody) return { data: answer.body && webStreamOf(answer.body), answer, attempt, requestId };
  try {
    const bytes = await readBytes(answer.body, limits.maxResponseBytes);
    const length = answer.headers.get("content-length");
    const chunked = answer.headers.get("transfer-encoding")?.includes("chunked");
    // Documented without content: `undefined`, as its type says, whatever the server sent.
    const empty = NULL_BODY.has(answer.status) || (length === "0" && !chunked) || (meta?.emptyAnswer && !init.parseAs);
    const as = meta?.textAnswer && !init.parseAs ? "text" : parseAs;
    const data = empty ? undefined : parse(bytes, as, answer.headers.get("content-type") ?? "");
    return { data, answer, attempt, requestId };
  } catch (error) {
    const where = describeOperation(operation);
    if (error instanceof BodyTooLarge) {
      const what = `answered with a body larger than maxResponseBytes (${error.limit} bytes)`;
      throw new AlliError(`${where} ${what}; the SDK stopped reading and closed the connection`, { operation });
    }
    if (error instanceof SyntaxError) {
      throw new AlliError(`${where} answered with a body that is not valid JSON (${jsonSyntaxDetail(error)})`, {
        operation,
      });
    }
    throw attempt.failure(error);
  } finally {
    attempt.end();
  }
}

function parse(bytes: Uint8Array, as: string, type: string): unknown {
  if (as === "arrayBuffer") return bytes.slice().buffer;
  if (as === "blob") return new Blob([bytes as Uint8Array<ArrayBuffer>], { type });
  const text = utf8.decode(bytes);
  return as === "text" ? text : text ? JSON.parse(text) : undefined;
}

/** A JSON body as text; a value JSON cannot carry (a BigInt, a cycle) is the caller's error, before the network. */
function serializeJson(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new InvalidInputError("body", `must be JSON-serialisable: ${(error as Error).message}`);
  }
}
