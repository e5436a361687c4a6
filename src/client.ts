/**
 * createAlliClient: options → the client. Its options are resolved once (src/core/options.ts);
 * its transport is chosen per runtime here, the one place that wires Node adapters to the core;
 * its methods, `paginate`, `stream` and `auditLogs` are made when first used.
 */
import { createQuerySerializer } from "openapi-fetch";
import type { Dispatcher } from "undici";
import type { OperationMethods } from "../generated/methods.js";
import { servers, type Region } from "../generated/operations.js";
import { call, type CallExtras, type CallInit, type ClientCore } from "./core/call.js";
import { buildHeaders, identityHeaders, type UserIdentity } from "./core/headers.js";
import { allOperations, type HttpMethod } from "./core/operations.js";
import {
  DEFAULT_LIMITS,
  parseBaseUrl,
  proxySettings,
  resolveLogger,
  withLimits,
  type Limits,
  type Logger,
  type ProxySettings,
} from "./core/options.js";
import type { RetryEvent } from "./core/retry-policy.js";
import { fetchWire, type FetchFunction, type Wire } from "./core/wire.js";
import { AlliError, describeOperation, InvalidInputError } from "./errors/errors.js";
import { registerSecrets } from "./errors/redact.js";
import { createAuditLogs } from "./features/audit-logs/audit-logs.js";
import type { AuditLogs } from "./features/audit-logs/types.js";
import type { AlliResponse, TypedMethods } from "./features/method-types.js";
import { defineMethods, type MethodHelpers } from "./features/methods.js";
import { createPaginate } from "./features/pagination/paginate.js";
import type { Paginate } from "./features/pagination/types.js";
import { createStream } from "./features/streaming/stream.js";
import type { StreamFn } from "./features/streaming/types.js";

export interface ClientOptions extends Partial<Limits> {
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
   * A fetch to send requests with, instead of the SDK's own transport. It is called like the
   * global fetch, `fetch(url, init)`: a string URL and a plain init (method, headers as a plain
   * object, a string or bytes body, signal, `redirect: "manual"`), so the global fetch, undici's
   * `fetch` and most fetch-alikes fit. Not used for the two GETs that carry a body (summary
   * analytics, daily conversation count), which fetch cannot send.
   */
  fetch?: FetchFunction;
  /**
   * Node.js: the undici Dispatcher to send with (a `ProxyAgent`, an `Agent` with mTLS options, a
   * custom pool). Default: the SDK's own keep-alive pools, or, when `HTTPS_PROXY`, `HTTP_PROXY`
   * or `ALL_PROXY` is set as the client is created, undici's `EnvHttpProxyAgent` (honouring `NO_PROXY`).
   */
  dispatcher?: Dispatcher;
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
  readonly paginate: Paginate;
  /** Streams the events of a streaming operation. */
  readonly stream: StreamFn;
  /** The audit-log CSV download: as a stream, to a file, or as rows. */
  readonly auditLogs: AuditLogs;
  /**
   * A client with other defaults (`timeout`, `maxRetries`, `user`, `headers` merged over this
   * client's, …) that shares this client's connection pool (or proxy agent, or `fetch`); this
   * client is unchanged.
   */
  withOptions(options: ClientOverrides): AlliClient;
}

/** What `withOptions` may change: everything but the transport, which the new client shares. */
export type ClientOverrides = Omit<ClientOptions, "fetch" | "dispatcher">;

/** Which runtime this is: Node.js, Bun, Deno (both also answer to `process.versions.node`), or another. */
function runtimeKind(): "node" | "bun" | "deno" | "other" {
  if (typeof process === "undefined" || !process.versions?.node) return "other";
  // Cloudflare Workers with nodejs_compat answer to process.versions.node, without Node's sockets.
  if (typeof navigator !== "undefined" && navigator.userAgent === "Cloudflare-Workers") return "other";
  return process.versions.bun ? "bun" : (process.versions as Record<string, string | undefined>).deno ? "deno" : "node";
}

/**
 * Which wire sends a request. Node.js: node:http at first, then undici, loaded in the background
 * once the first answer is in (loading it costs a cold start over 100 ms); undici from the start
 * for a `dispatcher` or a proxy. A `fetch` option, and other runtimes, use fetch, but for the GETs
 * with a body, which Node.js, Bun and Deno send through node:http and elsewhere fail at once.
 */
function wireChooser(options: ClientOptions, proxy: ProxySettings, runtime = runtimeKind()): ClientCore["wire"] {
  const wires: Partial<Record<"http" | "undici", Wire>> = {};
  const loading: Partial<Record<"http" | "undici", Promise<Wire>>> = {};
  const load = (name: "http" | "undici", make: () => Promise<Wire>) =>
    (loading[name] ??= make().then(
      (wire) => (wires[name] = wire),
      (error: unknown) => {
        // Final (not a connection failure to retry), and not kept: the next call tries again.
        loading[name] = undefined;
        throw new AlliError(`the SDK's Node.js transport (${name}) could not be set up: ${String(error)}`, {
          cause: error,
        });
      },
    ));
  const undici = () =>
    load("undici", async () => {
      const { undiciWire, createDispatcher } = await import("./node/undici-wire.js");
      return undiciWire(options.dispatcher ?? createDispatcher(proxy));
    });
  const needsUndici = runtime === "node" && Boolean(options.dispatcher || proxy.httpProxy || proxy.httpsProxy);
  let warmed = runtime !== "node" || needsUndici;
  // Unref'd: a script that is done exits without waiting for undici.
  const warmUp = () => void (warmed || ((warmed = true), setTimeout(() => void undici().catch(() => {}), 0).unref?.()));
  const http = () =>
    load("http", async () => {
      const wire = (await import("./node/http-wire.js")).httpWire();
      return (request, stop) => wire(request, stop).finally(warmUp);
    });
  const globalFetch = runtime === "node" ? undefined : (fetchWire((url, init) => globalThis.fetch(url, init)) as Wire);
  const fetched = options.fetch ? fetchWire(options.fetch) : globalFetch;
  return (request, operation) => {
    if (fetched && (request.body === undefined || request.method !== "GET")) return fetched;
    if (runtime === "other") {
      const what =
        "is a GET that carries a JSON body, as the API requires, and this runtime's fetch cannot send a body on a GET";
      throw new AlliError(`${describeOperation(operation)} ${what}; call it from Node.js, Bun or Deno`, { operation });
    }
    return wires.undici ?? (needsUndici ? undici() : (wires.http ?? http()));
  };
}

/** Resolves options into what every call shares; `shared` hands over another client's transport. */
function resolveCore(options: ClientOptions, shared?: ClientCore["wire"]): ClientCore & { owner: object } {
  const env = typeof process !== "undefined" ? process.env : undefined;
  const apiKey = options.apiKey ?? (options.token ? undefined : env?.ALLI_API_KEY);
  if (!apiKey && !options.token) {
    const how =
      "pass createAlliClient({ apiKey }) or set the ALLI_API_KEY environment variable (or pass a bearer `token`)";
    throw new AlliError(`No Alli API key: ${how}.`);
  }
  const server = servers.find((s) => s.region === (options.region ?? "us"));
  const explicitBaseUrl = options.baseUrl ?? (options.region ? undefined : env?.ALLI_BASE_URL || undefined);
  if (!server && !explicitBaseUrl) {
    throw new InvalidInputError("region", `must be one of ${servers.map((s) => JSON.stringify(s.region)).join(", ")}`);
  }
  // First, so that every error from here on is redacted; the secrets live as long as the core.
  // A key read from a file keeps its newline: it is sent trimmed, and redacted in both forms.
  const owner = {};
  registerSecrets(owner, [apiKey, options.token]);
  const limits = withLimits(DEFAULT_LIMITS, options);
  const credentials = { "API-KEY": apiKey?.trim(), Authorization: options.token && `Bearer ${options.token.trim()}` };
  const baseHeaders = buildHeaders(options.headers, credentials);
  const baseUrl = explicitBaseUrl === undefined ? server!.url : parseBaseUrl(explicitBaseUrl);
  const origin = /^https?:\/\/[^/]+/.exec(baseUrl)![0];
  return {
    owner,
    baseUrl,
    origin,
    prefix: baseUrl.slice(origin.length),
    baseHeaders,
    headers: { ...baseHeaders, ...identityHeaders(options.user) },
    user: options.user,
    limits,
    wire: shared ?? wireChooser(options, proxySettings(env)),
    openFile:
      runtimeKind() === "other" ? undefined : (path) => import("./node/files.js").then((m) => m.openFileBlob(path)),
    query: createQuerySerializer(),
    logger: resolveLogger(options.logger, env),
    onRetry: options.onRetry,
  };
}

class Client {
  readonly baseUrl: string;
  readonly #core: ReturnType<typeof resolveCore>;
  readonly #options: ClientOptions;
  #paginate: Paginate | undefined;
  #stream: StreamFn | undefined;
  #auditLogs: AuditLogs | undefined;
  readonly GET = this.#pathMap("GET");
  readonly POST = this.#pathMap("POST");
  readonly PUT = this.#pathMap("PUT");
  readonly PATCH = this.#pathMap("PATCH");
  readonly DELETE = this.#pathMap("DELETE");

  constructor(core: ReturnType<typeof resolveCore>, options: ClientOptions) {
    this.#core = core;
    this.#options = options;
    this.baseUrl = core.baseUrl;
  }

  /** Defines the methods, once per process (not at load: a program that makes no client never walks the metadata). */
  static defineMethods(): void {
    defineMethods(Client.prototype, (client): MethodHelpers => {
      const alli = client as Client;
      return {
        request: (method, path, init) => alli.#request(method, path, init),
        paginate: alli.paginate as never,
        stream: alli.stream as never,
      };
    });
    Client.defineMethods = () => {};
  }

  /** One call of the path map, answered as openapi-fetch answers; the methods and walks go through it too. */
  async #request(
    method: HttpMethod,
    path: string,
    init?: CallInit,
    extras?: CallExtras,
  ): Promise<AlliResponse<unknown>> {
    const { data, answer, requestId } = await this.#call(method, path, init, extras);
    return {
      data,
      get response() {
        return answer.toResponse();
      },
      requestId,
    };
  }

  #call = (method: HttpMethod, path: string, init?: CallInit, extras?: CallExtras) =>
    call(this.#core, method, path, init, extras);

  #pathMap(method: HttpMethod) {
    return ((path: string, init?: CallInit) => this.#request(method, path, init)) as never;
  }

  get paginate(): Paginate {
    const page = (path: string, init: CallInit, stop: AbortSignal) =>
      this.#request("GET", path, { ...init, parseAs: "json" }, { stop });
    return (this.#paginate ??= createPaginate(page) as never);
  }

  get stream(): StreamFn {
    return (this.#stream ??= createStream(this.#call, this.#core.limits) as never);
  }

  get auditLogs(): AuditLogs {
    const path = allOperations().downloadAuditLogs!.path;
    return (this.#auditLogs ??= createAuditLogs(
      (init, extras) => this.#call("GET", path, init, extras),
      runtimeKind() !== "other",
    ));
  }

  withOptions(overrides: ClientOverrides): AlliClient {
    const options = this.#options;
    const merged: ClientOptions = {
      ...options,
      ...overrides,
      headers: { ...options.headers, ...overrides.headers },
      user: overrides.user === undefined ? options.user : { ...options.user, ...overrides.user },
    };
    return new Client(resolveCore(merged, this.#core.wire), merged) as unknown as AlliClient;
  }
}

/** Creates a client for the Alli API: every operation of the spec, typed by path. */
export function createAlliClient(options: ClientOptions = {}): AlliClient {
  Client.defineMethods();
  return new Client(resolveCore(options), options) as unknown as AlliClient;
}
