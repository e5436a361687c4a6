/** createAlliClient: options → the typed client every helper builds on. */
import openapiFetch from "openapi-fetch";
import { servers, type Region } from "../generated/operations.js";
import type { paths } from "../generated/schema.js";
import { AlliError, InvalidInputError } from "./errors.js";
import { assertHeaderValue, type UserIdentity } from "./identity.js";
import { call, type ClientCore } from "./internal/call.js";
import { bodyCarryingRequest } from "./internal/get-body-request.js";
import { optionalWholeNumber } from "./internal/whole-number.js";
import { resolveLogger, type Logger } from "./logger.js";
import { DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_AFTER_MS, type RetryEvent } from "./retry.js";
import type { TypedMethods } from "./typed-methods.js";
import { createAuditLogs, type AuditLogs } from "./audit-logs.js";
import { createPaginate, type Paginate } from "./pagination.js";
import { createStream, type StreamFn } from "./streaming.js";

export const DEFAULT_TIMEOUT_MS = 120_000;

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
   * The fetch to send requests with (default: the global fetch). Not used for the two GETs that
   * carry a body (summary analytics, daily conversation count): fetch cannot send them, so in
   * Node.js they go through undici.
   */
  fetch?: (request: Request) => Promise<Response>;
  /** Milliseconds for each attempt of a call, from sending to the last byte of the body (default 120 000). */
  timeout?: number;
  /** Retries after a retryable failure (default 2). */
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

export interface AlliClient extends TypedMethods {
  /** The server this client talks to. */
  readonly baseUrl: string;
  /** Iterates the items (or pages) of a paginated operation. */
  paginate: Paginate;
  /** Streams the events of a streaming operation. */
  stream: StreamFn;
  /** The audit-log CSV download: as a stream, to a file, or as rows. */
  auditLogs: AuditLogs;
}

/** @internal Resolves options into what every call shares. */
export function resolveCore(options: ClientOptions): ClientCore {
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
  optionalWholeNumber("timeout", options.timeout, 0);
  optionalWholeNumber("maxRetries", options.maxRetries, 0);
  optionalWholeNumber("maxRetryAfter", options.maxRetryAfter, 0);
  const headers: Record<string, string> = { ...options.headers };
  for (const [name, value] of Object.entries(headers)) assertHeaderValue(name, value);
  if (apiKey) headers["API-KEY"] = apiKey;
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const baseUrl = explicitBaseUrl ?? server!.url;
  const userFetch = options.fetch;
  return {
    // openapi-fetch builds the Request; the subclass lets a GET carry the body two operations need.
    openapi: createClient<paths>({ baseUrl, headers, Request: bodyCarryingRequest() }),
    baseUrl,
    fetch: userFetch ?? ((request) => globalThis.fetch(request)),
    timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    maxRetryAfter: options.maxRetryAfter ?? DEFAULT_MAX_RETRY_AFTER_MS,
    user: options.user,
    secrets: [apiKey, options.token].filter((s): s is string => Boolean(s)),
    logger: resolveLogger(options.logger),
    onRetry: options.onRetry,
  };
}

/** Creates a client for the Alli API: every operation of the spec, typed by path. */
export function createAlliClient(options: ClientOptions = {}): AlliClient {
  const core = resolveCore(options);
  const method = (name: "GET" | "POST" | "PUT" | "PATCH" | "DELETE") =>
    ((path: string, init?: Record<string, unknown>) => call(core, name, path, init)) as never;
  return {
    baseUrl: core.baseUrl,
    GET: method("GET"),
    POST: method("POST"),
    PUT: method("PUT"),
    PATCH: method("PATCH"),
    DELETE: method("DELETE"),
    paginate: createPaginate(core),
    stream: createStream(core),
    auditLogs: createAuditLogs(core),
  };
}
