/**
 * One typed call: resolves the SDK's per-call options, runs openapi-fetch with the request
 * lifecycle (request/send.ts) as its fetch, and ends the attempt once the body has been read, or
 * hands it, still running, to the helper that streams the body.
 */
import type { Client } from "openapi-fetch";
import { operations } from "../../generated/operations.js";
import type { paths } from "../../generated/schema.js";
import { AlliError, InvalidInputError, type OperationInfo } from "../errors.js";
import { assertHeader, identityHeaders, type UserIdentity } from "../identity.js";
import type { Logger } from "../logger.js";
import type { RequestOptions } from "../request-options.js";
import type { RetryEvent } from "../retry.js";
import { checkJsonBody, checkPathParams, checkQuery, type OperationQuerySpec } from "./check-input.js";
import { checkLimits } from "./check-limits.js";
import { describeOperation, requestIdOf } from "./error-factory.js";
import { toFormData } from "./multipart.js";
import { jsonSyntaxDetail } from "./json-syntax.js";
import { BodyTooLarge } from "./read-limited.js";
import { redactText } from "./redact.js";
import type { Attempt } from "./request/attempt.js";
import type { ChooseWire } from "./request/choose-wire.js";
import type { OutgoingRequest } from "./request/outgoing.js";
import { send, type SendContext } from "./request/send.js";
import type { WireAnswer } from "./request/wire.js";
import { WireResponse } from "./request/wire-response.js";

/** What the client resolved from its options, shared by every call. */
export interface ClientCore {
  openapi: Client<paths>;
  baseUrl: string;
  chooseWire: ChooseWire;
  timeout: number;
  idleTimeout: number;
  maxResponseBytes: number;
  maxEventBytes: number;
  maxRetries: number;
  maxRetryAfter: number;
  user?: UserIdentity;
  secrets: readonly string[];
  logger?: Logger;
  onRetry?: (event: RetryEvent) => void;
  /** What the client's secrets are registered for: they are redacted for as long as the core lives. */
  secretsOwner: object;
}

/** SDK-internal switches a helper (streaming, downloads, pagination) may set. */
export interface InternalOptions {
  /** The body is read as a stream: the timeout ends with the headers, then `idleTimeout` guards each wait for data. */
  streamBody?: boolean;
  /** Milliseconds of silence a streamed body may keep (default: the client's `idleTimeout`). */
  idleTimeout?: number;
  /** The helper's own stop signal (a stream's abort(), a look-ahead page's cancel), beside the caller's. */
  stop?: AbortSignal;
}

type OperationMeta = OperationQuerySpec & {
  requestBody?: OperationQuerySpec["requestBody"] & { jsonStringFields?: readonly string[] };
  /** The media type of an answer that is not JSON (the audit-log CSV): asked for, and read as text. */
  textAnswer?: string;
  /** The success is documented without content: whatever the body holds is read and dropped. */
  emptyAnswer?: boolean;
};

const OPERATIONS_BY_ROUTE = new Map<string, OperationMeta>(Object.values(operations).map((op) => [`${op.method.toUpperCase()} ${op.path}`, op as OperationMeta]));

export function operationInfo(method: string, path: string): OperationInfo {
  const upper = method.toUpperCase();
  const meta = OPERATIONS_BY_ROUTE.get(`${upper} ${path}`);
  return { method: upper, path, ...(meta ? { operationId: meta.operationId } : {}) };
}

export interface CallResult {
  data: any;
  /** The response as a WHATWG Response, built when first asked for. */
  readonly response: Response;
  /** The response as the wire gave it, for the SDK's own reading. */
  answer: WireAnswer;
  requestId: string | undefined;
  /** The attempt that answered; for a streamed body still running (its idle clock, its connection). */
  attempt: Attempt;
}

/** The caller's view of a response: the wire's own Response, or a real one built from the lighter WireResponse. */
export function publicResponse(answer: WireAnswer): Response {
  return answer instanceof WireResponse ? answer.toResponse() : answer;
}

export async function call(
  core: ClientCore,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  init: (Record<string, any> & RequestOptions) | undefined,
  internal: InternalOptions = {},
): Promise<CallResult> {
  const { timeout = core.timeout, maxRetries = core.maxRetries, idempotent = false, user, signal, ...fetchInit } = init ?? {};
  if (typeof path !== "string" || !path.startsWith("/")) throw new InvalidInputError("path", `must be one of the spec's paths, starting with "/", got ${JSON.stringify(path)}`);
  checkLimits({ timeout, maxRetries, idleTimeout: internal.idleTimeout });
  const operation = operationInfo(method, path);
  const meta = OPERATIONS_BY_ROUTE.get(`${operation.method} ${path}`);
  checkPathParams(path, meta, fetchInit.params?.path);
  if (meta) {
    checkQuery(meta, fetchInit.params?.query);
    checkJsonBody(meta, fetchInit.body);
  }

  // An answer the spec documents as text (the CSV download) is read as text unless asked otherwise;
  // one documented empty is `undefined`, as its type says, even when the server sends something.
  if (meta?.textAnswer && fetchInit.parseAs === undefined) fetchInit.parseAs = "text";
  const dropBody = Boolean(meta?.emptyAnswer) && fetchInit.parseAs === undefined && !internal.streamBody;
  if (dropBody) fetchInit.parseAs = "text";
  const headers: Record<string, string> = { ...(meta?.textAnswer ? { Accept: meta.textAnswer } : {}), ...identityHeaders({ ...core.user, ...user }) };
  // A plain object is the documented form; a Headers or a list of pairs (JavaScript callers) is read too, not dropped.
  const given = fetchInit.headers instanceof Headers || Array.isArray(fetchInit.headers) ? [...new Headers(fetchInit.headers)] : Object.entries<unknown>(fetchInit.headers ?? {});
  for (const [name, value] of given) {
    if (value === undefined || value === null) continue;
    assertHeader(name, String(value));
    headers[name] = String(value);
  }
  for (const [name, value] of Object.entries<unknown>(fetchInit.params?.header ?? {})) {
    if (value !== undefined && value !== null) assertHeader(name, String(value));
  }

  if (meta?.requestBody?.mediaTypes.includes("multipart/form-data") && fetchInit.body && !(fetchInit.body instanceof FormData)) {
    fetchInit.body = await toFormData(fetchInit.body, meta.requestBody.jsonStringFields ?? []);
    fetchInit.bodySerializer = (body: unknown) => body;
  }

  const signals: AbortSignal[] = [];
  if (signal) signals.push(signal);
  if (internal.stop) signals.push(internal.stop);
  const ctx: SendContext = {
    operation,
    chooseWire: core.chooseWire,
    secrets: core.secrets,
    maxRetries,
    maxRetryAfter: core.maxRetryAfter,
    idempotent,
    timeout,
    idleTimeout: internal.idleTimeout ?? core.idleTimeout,
    signals,
    streamBody: Boolean(internal.streamBody),
    maxResponseBytes: core.maxResponseBytes,
    logger: core.logger,
    onRetry: core.onRetry,
  };

  // Set once a streamed body is handed to the caller with its attempt still running.
  let handedOver = false;
  try {
    const { data, response } = await core.openapi.request(method.toLowerCase() as "get", path as never, {
      ...fetchInit,
      headers,
      fetch: (request: OutgoingRequest) => send(request, ctx),
    } as never);
    const answer = response as unknown as WireAnswer;
    handedOver = ctx.streamBody;
    return {
      data: dropBody ? undefined : data,
      get response() {
        return publicResponse(answer);
      },
      answer,
      requestId: requestIdOf(answer.headers),
      attempt: ctx.attempt!,
    };
  } catch (error) {
    if (AlliError.is(error) && !ctx.attempt?.stoppedBy) throw error;
    if (error instanceof BodyTooLarge) {
      throw new AlliError(`${describeOperation(operation)} answered with a body larger than maxResponseBytes (${error.limit} bytes); the SDK stopped reading and closed the connection`, { operation });
    }
    if (error instanceof SyntaxError) {
      // The parser's message quotes the body, which may echo a secret: only the position is kept.
      throw new AlliError(`${describeOperation(operation)} answered with a body that is not valid JSON (${jsonSyntaxDetail(error)})`, { operation });
    }
    // A failure while openapi-fetch read the body: the timeout or an abort cut it, or it broke.
    if (ctx.attempt) throw ctx.attempt.failure(error);
    throw new AlliError(`${describeOperation(operation)} could not be sent: ${redactText(error instanceof Error ? error.message : String(error), core.secrets)}`, { operation, cause: error });
  } finally {
    // Anything but a handed-over stream leaves no timer running and no listener behind.
    if (!handedOver) ctx.attempt?.end();
  }
}
