/** createAlliClient: options → the typed client every helper builds on. */
import openapiFetch from "openapi-fetch";
import type { Dispatcher } from "undici";
import { servers, type Region } from "../generated/operations.js";
import type { paths } from "../generated/schema.js";
import { AlliError, InvalidInputError } from "./errors.js";
import { assertHeader, assertHeaderValue, type UserIdentity } from "./identity.js";
import { call, publicResponse, type ClientCore } from "./internal/call.js";
import { createWireChooser } from "./internal/request/choose-wire.js";
import { OutgoingRequest, serializeJsonBody } from "./internal/request/outgoing.js";
import { proxySettingsFromEnv } from "./internal/request/proxy-settings.js";
import type { FetchFunction } from "./internal/request/wire.js";
import { parseBaseUrl } from "./internal/base-url.js";
import { checkLimits } from "./internal/check-limits.js";
import { registerSecrets } from "./internal/redact.js";
import { resolveLogger, type Logger } from "./logger.js";
import { DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_AFTER_MS, type RetryEvent } from "./retry.js";
import type { AlliResponse, TypedMethods } from "./typed-methods.js";
import type { OperationMethods } from "../generated/methods.js";
import { createOperationMethods, type HttpMethod } from "./operation-methods.js";
import { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS } from "./client-defaults.js";
import { createAuditLogs, type AuditLogs } from "./audit-logs.js";
import { createPaginate, type Paginate } from "./pagination.js";
import { createStream, type StreamFn } from "./streaming.js";

// The CommonJS build imports openapi-fetch the way Node does (the default import is its whole
// `exports` object, whose `default` is createClient); the ESM build gets createClient itself.
const createClient = (openapiFetch as unknown as { default?: typeof openapiFetch }).default ?? openapiFetch;

export interface ClientOptions {
  /** API key (`API-KEY` header). Defaults to the `ALLI_API_KEY` environment variable where there is one. */
  apiKey?: string;
  /** Bearer token, instead of an API key. */
  token?: string;
  /** The server to talk to, from the spec: `"us"` (default) or `"ja"`. */
  region?: Region;
  /** Overrides `region` (a proxy, a mock server). Defaults to the `ALLI_BASE_URL` environment variable where there is one. */
  baseUrl?: string;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * A fetch to send requests with, instead of the SDK's own transport (in Node.js an undici pool,
   * elsewhere the global fetch). It is called like the global fetch, `fetch(url, init)`: a string
   * URL and a plain init (method, headers as a plain object, a string or bytes body, signal,
   * `redirect: "manual"`), so the global fetch, undici's `fetch` and most fetch-alikes fit.
   * Not used for the two GETs that carry a body (summary analytics, daily conversation count),
   * which fetch cannot send.
   */
  fetch?: FetchFunction;
  /**
   * Node.js: the undici Dispatcher to send with (a `ProxyAgent`, an `Agent` with mTLS options, a
   * custom pool). Default: a keep-alive pool the client owns, or, when `HTTPS_PROXY`,
   * `HTTP_PROXY` or `ALL_PROXY` is set as the client is created, undici's `EnvHttpProxyAgent`
   * (honouring `NO_PROXY`).
   */
  dispatcher?: Dispatcher;
  /**
   * Milliseconds for each attempt of a call, from sending the request to the last byte of the
   * body; for a streamed body (events, a download), to its headers (default 120 000).
   */
  timeout?: number;
  /**
   * Milliseconds a streamed body (events, a download) may send nothing before it is given up;
   * restarted by every chunk (default 60 000; 0 turns it off).
   */
  idleTimeout?: number;
  /**
   * The most a response body read whole (JSON) may hold after decompression (default 256 MiB);
   * a larger one ends the call with an AlliError and the connection closed.
   */
  maxResponseBytes?: number;
  /** The most one stream event or NDJSON line may hold (default 16 MiB); a larger one ends the stream with StreamInterruptedError. */
  maxEventBytes?: number;
  /** Retries after a retryable failure (default 2, at most 10). */
  maxRetries?: number;
  /** The longest server-requested wait (Retry-After, ms) the SDK sleeps through (default 300 000); longer ones raise at once. */
  maxRetryAfter?: number;
  /** Called before each retry. */
  onRetry?: (event: RetryEvent) => void;
  /** Receives one line per request and response; `ALLI_LOG=debug` logs to the console. */
  logger?: Logger;
  /** Who requests act for (`OWN-USER-ID`, `USER-EMAIL`, `AGENT-EMAIL`). */
  user?: UserIdentity;
}

/**
 * The client: one method per operation (`alli.getConversation(id)`, named by operationId), the
 * typed path map (`alli.GET(path, init)`, openapi-fetch's surface), and the helpers.
 */
export interface AlliClient extends OperationMethods, TypedMethods {
  /** The server this client talks to. */
  readonly baseUrl: string;
  /** Iterates the items (or pages) of a paginated operation. */
  paginate: Paginate;
  /** Streams the events of a streaming operation. */
  stream: StreamFn;
  /** The audit-log CSV download: as a stream, to a file, or as rows. */
  auditLogs: AuditLogs;
  /**
   * A client with other defaults (`timeout`, `maxRetries`, `user`, `headers` merged over this
   * client's, …) that shares this client's connection pool (or proxy agent, or `fetch`); this
   * client is unchanged.
   */
  withOptions(options: ClientOverrides): AlliClient;
}

/** What `withOptions` may change: everything but the transport, which the new client shares. */
export type ClientOverrides = Omit<ClientOptions, "fetch" | "dispatcher">;

/** @internal Resolves options into what every call shares; `shared` hands over another client's transport. */
export function resolveCore(options: ClientOptions, shared?: Pick<ClientCore, "chooseWire">): ClientCore {
  const env = typeof process !== "undefined" ? process.env : undefined;
  const apiKey = options.apiKey ?? (options.token ? undefined : env?.ALLI_API_KEY);
  if (!apiKey && !options.token) {
    throw new AlliError(
      "No Alli API key: pass createAlliClient({ apiKey }) or set the ALLI_API_KEY environment variable (or pass a bearer `token`).",
    );
  }
  const region = options.region ?? "us";
  const server = servers.find((s) => s.region === region);
  const explicitBaseUrl = options.baseUrl ?? (options.region ? undefined : env?.ALLI_BASE_URL || undefined);
  if (!server && !explicitBaseUrl) {
    throw new InvalidInputError("region", `must be one of ${servers.map((s) => JSON.stringify(s.region)).join(", ")}`);
  }
  // First, so that every error from here on is redacted; the secrets live as long as the core.
  // A key read from a file keeps its newline: it is sent trimmed, and redacted in both forms.
  const secretsOwner = {};
  registerSecrets(secretsOwner, [apiKey, options.token]);
  checkLimits(options);
  const headers: Record<string, string> = { ...options.headers };
  for (const [name, value] of Object.entries(headers)) assertHeader(name, value);
  if (apiKey) headers["API-KEY"] = apiKey.trim();
  if (options.token) headers.Authorization = `Bearer ${options.token.trim()}`;
  for (const name of ["API-KEY", "Authorization"]) if (headers[name] !== undefined) assertHeaderValue(name, headers[name]!);
  const baseUrl = explicitBaseUrl === undefined ? server!.url : parseBaseUrl(explicitBaseUrl);
  return {
    // openapi-fetch builds the request with the SDK's light class (see request/outgoing.ts).
    openapi: createClient<paths>({ baseUrl, headers, Request: OutgoingRequest as unknown as typeof Request, bodySerializer: serializeJsonBody }),
    baseUrl,
    chooseWire: shared?.chooseWire ?? createWireChooser({ fetch: options.fetch, dispatcher: options.dispatcher, proxy: proxySettingsFromEnv(env) }),
    timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
    idleTimeout: options.idleTimeout ?? DEFAULT_IDLE_TIMEOUT_MS,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    maxEventBytes: options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    maxRetryAfter: options.maxRetryAfter ?? DEFAULT_MAX_RETRY_AFTER_MS,
    user: options.user,
    secrets: [apiKey, apiKey?.trim(), options.token, options.token?.trim()].filter((s): s is string => Boolean(s)),
    logger: resolveLogger(options.logger),
    onRetry: options.onRetry,
    secretsOwner,
  };
}

/** Creates a client for the Alli API: every operation of the spec, typed by path. */
export function createAlliClient(options: ClientOptions = {}): AlliClient {
  return clientOver(resolveCore(options), options);
}

function clientOver(core: ClientCore, options: ClientOptions): AlliClient {
  /** One call of the path map; the generated methods go through it too. */
  const request = async (name: HttpMethod, path: string, init?: Record<string, unknown>): Promise<AlliResponse<unknown>> => {
    const { data, answer, requestId } = await call(core, name, path, init);
    return {
      data,
      get response() {
        return publicResponse(answer);
      },
      requestId,
    };
  };
  const method = (name: HttpMethod) => ((path: string, init?: Record<string, unknown>) => request(name, path, init)) as never;
  const paginate = createPaginate(core);
  const stream = createStream(core);
  return {
    ...createOperationMethods({ request, paginate, stream }),
    baseUrl: core.baseUrl,
    GET: method("GET"),
    POST: method("POST"),
    PUT: method("PUT"),
    PATCH: method("PATCH"),
    DELETE: method("DELETE"),
    paginate,
    stream,
    auditLogs: createAuditLogs(core),
    withOptions(overrides: ClientOverrides) {
      const merged: ClientOptions = {
        ...options,
        ...overrides,
        headers: { ...options.headers, ...overrides.headers },
        user: overrides.user === undefined ? options.user : { ...options.user, ...overrides.user },
      };
      return clientOver(resolveCore(merged, core), merged);
    },
  };
}
