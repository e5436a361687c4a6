/**
 * One typed call: resolves the SDK's per-call options, runs openapi-fetch with the transport as
 * its fetch, and keeps the timeout running until the body has been read.
 */
import type { Client } from "openapi-fetch";
import { operations } from "../../generated/operations.js";
import type { paths } from "../../generated/schema.js";
import { AlliError, type OperationInfo } from "../errors.js";
import { assertHeaderValue, identityHeaders, type UserIdentity } from "../identity.js";
import type { Logger } from "../logger.js";
import type { RetryEvent } from "../retry.js";
import { errorFromFailure, requestIdOf } from "./error-factory.js";
import { toFormData } from "./multipart.js";
import { redactText } from "./redact.js";
import { send, type TransportContext } from "./transport.js";

/** Options of one call, beside openapi-fetch's own (`params`, `body`, `headers`, `signal`, `parseAs`). */
export interface RequestOptions {
  /** Milliseconds for each attempt, reading the body included; overrides the client's `timeout`. */
  timeout?: number;
  /** Overrides the client's `maxRetries`. */
  maxRetries?: number;
  /**
   * Marks a POST or PATCH safe to send twice, so that it is retried after a 500, 502, 504 or a
   * broken connection too. Off by default: the server may already have run it.
   */
  idempotent?: boolean;
  /** Overrides the client's user identity for this call. */
  user?: UserIdentity;
  signal?: AbortSignal;
}

/** What the client resolved from its options, shared by every call. */
export interface ClientCore {
  openapi: Client<paths>;
  baseUrl: string;
  fetch: (request: Request) => Promise<Response>;
  timeout: number;
  maxRetries: number;
  maxRetryAfter: number;
  user?: UserIdentity;
  secrets: readonly string[];
  logger?: Logger;
  onRetry?: (event: RetryEvent) => void;
}

/** SDK-internal switches a helper (streaming) may set. */
export interface InternalOptions {
  /** Stop the timeout clock once headers arrive: a live stream is bounded by its idle timeout instead. */
  timeoutUntilHeaders?: boolean;
}

const OPERATIONS_BY_ROUTE = new Map<string, { operationId: string; requestBody?: { mediaTypes: readonly string[]; jsonStringFields?: readonly string[] } }>(
  Object.values(operations).map((op) => [`${op.method.toUpperCase()} ${op.path}`, op as never]),
);

export function operationInfo(method: string, path: string): OperationInfo {
  const upper = method.toUpperCase();
  const meta = OPERATIONS_BY_ROUTE.get(`${upper} ${path}`);
  return { method: upper, path, ...(meta ? { operationId: meta.operationId } : {}) };
}

export interface CallResult {
  data: any;
  response: Response;
  requestId: string | undefined;
  /** Aborts the call's connection (a helper reading a body stream uses it on cancel). */
  abort(reason?: unknown): void;
  /**
   * For a body handed over with `timeoutUntilHeaders`: lets go of the caller's signal once the
   * helper has finished with the body, so a long-lived signal does not collect listeners.
   */
  release(): void;
}

export async function call(
  core: ClientCore,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  init: (Record<string, any> & RequestOptions) | undefined,
  internal: InternalOptions = {},
): Promise<CallResult> {
  const { timeout = core.timeout, maxRetries = core.maxRetries, idempotent = false, user, signal: userSignal, ...fetchInit } = init ?? {};
  const operation = operationInfo(method, path);

  const headers: Record<string, string> = { ...identityHeaders({ ...core.user, ...user }) };
  for (const [name, value] of Object.entries<unknown>(fetchInit.headers ?? {})) {
    if (value === undefined || value === null) continue;
    assertHeaderValue(name, String(value));
    headers[name] = String(value);
  }
  for (const [name, value] of Object.entries<unknown>(fetchInit.params?.header ?? {})) {
    if (value !== undefined && value !== null) assertHeaderValue(name, String(value));
  }

  const meta = OPERATIONS_BY_ROUTE.get(`${operation.method} ${path}`);
  if (meta?.requestBody?.mediaTypes.includes("multipart/form-data") && fetchInit.body && !(fetchInit.body instanceof FormData)) {
    fetchInit.body = await toFormData(fetchInit.body, meta.requestBody.jsonStringFields ?? []);
    fetchInit.bodySerializer = (body: unknown) => body;
  }

  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const onUserAbort = () => controller.abort(userSignal!.reason);
  if (userSignal?.aborted) controller.abort(userSignal.reason);
  userSignal?.addEventListener("abort", onUserAbort, { once: true });
  const disarmTimeout = () => clearTimeout(timer);
  const ctx: TransportContext = {
    operation,
    fetch: core.fetch,
    maxRetries,
    maxRetryAfter: core.maxRetryAfter,
    idempotent,
    secrets: core.secrets,
    timeout,
    logger: core.logger,
    onRetry: core.onRetry,
    userSignal,
    timedOut: () => timedOut,
    armTimeout() {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new Error("timeout"));
      }, timeout);
    },
    disarmTimeout,
  };

  // Set once a streamed body is handed to the caller with the connection still open.
  let handedOver = false;
  try {
    const { data, response } = await core.openapi.request(method.toLowerCase() as "get", path as never, {
      ...fetchInit,
      headers,
      signal: controller.signal,
      fetch: async (request: Request) => {
        const response = await send(request, ctx);
        if (internal.timeoutUntilHeaders) disarmTimeout();
        return response;
      },
    } as never);
    handedOver = Boolean(internal.timeoutUntilHeaders);
    return {
      data,
      response,
      requestId: requestIdOf(response.headers),
      abort: (reason) => controller.abort(reason),
      release: () => userSignal?.removeEventListener("abort", onUserAbort),
    };
  } catch (error) {
    if (error instanceof AlliError) throw error;
    if (error instanceof SyntaxError) {
      // The parser's message quotes the body, which may echo a secret: redacted, and no cause kept.
      throw new AlliError(`${operation.method} ${path} answered with a body that is not valid JSON: ${redactText(error.message, core.secrets)}`, { operation });
    }
    // A failure while openapi-fetch read the body: the timeout or an abort cut it, or it broke.
    throw errorFromFailure(error, { operation, secrets: core.secrets, userSignal, timedOut: () => timedOut, timeout });
  } finally {
    // A streamed body outlives this function: its timeout is already off, and the user's signal
    // must still reach the connection, so the listener stays for it. Anything else, a failure
    // included, leaves no timer running and no listener behind.
    if (!handedOver) {
      disarmTimeout();
      userSignal?.removeEventListener("abort", onUserAbort);
    }
  }
}
