/**
 * One typed call, as the path map takes it (`params`, `body`, `parseAs` and the per-call
 * options): checked against the spec, turned into plain request data (the URL by openapi-fetch's
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
import { withLimits, type Limits, type Logger, type RequestOptions } from "./options.js";
import type { RetryEvent } from "./retry-policy.js";
import { NULL_BODY, type Answer, type WireRequest } from "./wire.js";

/** What a client resolved from its options, once, and every call shares. */
export interface ClientCore {
  readonly baseUrl: string;
  /** `baseUrl`'s scheme, host and port, and its path prefix (a proxy's `/alli`, or ""). */
  readonly origin: string;
  readonly prefix: string;
  /** The client's headers and credentials, lower-case, without the identity… */
  readonly baseHeaders: Readonly<Record<string, string>>;
  /** …and with the client's identity: what a call without headers of its own sends. */
  readonly headers: Readonly<Record<string, string>>;
  readonly user: UserIdentity | undefined;
  readonly limits: Readonly<Limits>;
  readonly wire: Exchange["wire"];
  readonly openFile: OpenFile;
  /** The query string of a query object (openapi-fetch's serializer, made once per client). */
  readonly query: (query: Record<string, unknown>) => string;
  readonly logger?: Logger;
  readonly onRetry?: (event: RetryEvent) => void;
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

export interface CallResult {
  data: unknown;
  answer: Answer;
  /** The attempt that answered: for a streamed body, still running until the body ends. */
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
    throw new InvalidInputError("path", `must be one of the spec's paths, starting with "/", got ${JSON.stringify(path)}`);
  }
  const { params = {}, parseAs = "json" } = init;
  const meta = operationAt(method, path);
  const operation = infoOf(method, path, meta?.operationId);
  checkPathParams(meta, meta ? Object.keys(meta.pathParams ?? {}) : [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!), params.path);
  if (meta) {
    checkQuery(meta, params.query);
    checkJsonBody(meta, init.body);
  }
  const given = init.timeout ?? init.maxRetries ?? extras.idleTimeout;
  const limits = given === undefined ? core.limits : withLimits(core.limits, { ...init, idleTimeout: extras.idleTimeout });

  let body: string | Uint8Array<ArrayBuffer> | undefined;
  let contentType: string | undefined;
  if (init.body !== undefined) {
    let form = init.body instanceof FormData ? init.body : undefined;
    if (!form && meta?.requestBody?.mediaTypes.includes("multipart/form-data") && init.body) {
      form = await toFormData(init.body as Record<string, unknown>, meta.requestBody.jsonStringFields ?? [], core.openFile);
    }
    if (form) ({ body, type: contentType } = await encodeForm(form));
    else {
      body = serializeJson(init.body);
      contentType = "application/json";
    }
  }
  const custom = init.headers !== undefined || init.user !== undefined || params.header !== undefined || extras.headers;
  const identity = init.user === undefined ? undefined : identityHeaders({ ...core.user, ...init.user });
  const headers = custom
    ? buildHeaders(identity ? core.baseHeaders : core.headers, identity, extras.headers, init.headers, params.header)
    : { ...core.headers };
  if (contentType && !headers["content-type"]) headers["content-type"] = contentType;
  if (meta?.textAnswer && !headers.accept) headers.accept = meta.textAnswer;

  let target = core.prefix + (params.path ? defaultPathSerializer(path, params.path) : path);
  const search = params.query ? core.query(params.query) : "";
  if (search) target += `?${search}`;
  const request: WireRequest = { origin: core.origin, path: target, method, headers, body };

  const streamBody = parseAs === "stream";
  const signals = init.signal ? (extras.stop ? [init.signal, extras.stop] : [init.signal]) : extras.stop ? [extras.stop] : [];
  const exchange: Exchange = {
    operation,
    wire: core.wire,
    limits,
    idempotent: init.idempotent ?? false,
    signals,
    streamBody,
    logger: core.logger,
    onRetry: core.onRetry,
  };
  const { answer, attempt } = await send(exchange, request);
  const requestId = requestIdOf(answer.headers);
  if (streamBody) return { data: answer.body && webStreamOf(answer.body), answer, attempt, requestId };
  try {
    const length = answer.headers.get("content-length");
    const empty = NULL_BODY.has(answer.status) || (length === "0" && !answer.headers.get("transfer-encoding")?.includes("chunked"));
    const bytes = await readBytes(empty ? null : answer.body, limits.maxResponseBytes);
    // An answer the spec documents without content is `undefined`, as its type says, whatever the server sent.
    if (empty || (meta?.emptyAnswer && init.parseAs === undefined)) return { data: undefined, answer, attempt, requestId };
    return { data: parse(bytes, meta?.textAnswer && !init.parseAs ? "text" : parseAs, answer), answer, attempt, requestId };
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      const what = `${describeOperation(operation)} answered with a body larger than maxResponseBytes (${error.limit} bytes)`;
      throw new AlliError(`${what}; the SDK stopped reading and closed the connection`, { operation });
    }
    if (error instanceof SyntaxError) {
      throw new AlliError(`${describeOperation(operation)} answered with a body that is not valid JSON (${jsonSyntaxDetail(error)})`, {
        operation,
      });
    }
    throw attempt.failure(error);
  } finally {
    attempt.end();
  }
}

function parse(bytes: Uint8Array, parseAs: string, answer: Answer): unknown {
  if (parseAs === "arrayBuffer") return bytes.slice().buffer;
  if (parseAs === "blob") return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: answer.headers.get("content-type") ?? "" });
  const text = utf8.decode(bytes);
  if (parseAs === "text") return text;
  return text ? JSON.parse(text) : undefined;
}

/** A JSON body as text; a value JSON cannot carry (a BigInt, a cycle) is the caller's error, found before the network. */
function serializeJson(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new InvalidInputError("body", `must be JSON-serialisable: ${error instanceof Error ? error.message : String(error)}`);
  }
}
