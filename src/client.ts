/** createAlliClient: options resolved once, the transport chosen per runtime (the one place wiring Node adapters). */
import type { Dispatcher } from "undici";
import type { OperationMethods } from "../generated/methods.js";
import { servers, type Region } from "../generated/operations.js";
import { call, type CallExtras, type CallInit, type ClientCore } from "./core/call.js";
import { buildHeaders, checkUser, identityHeaders, type UserIdentity } from "./core/headers.js";
import { allOperations, type HttpMethod } from "./core/operations.js";
import { DEFAULT_LIMITS, parseBaseUrl, proxySettings, resolveLogger, withLimits } from "./core/options.js";
import { splitBaseUrl, type Limits, type Logger, type ProxySettings } from "./core/options.js";
import type { RetryEvent } from "./core/retry-policy.js";
import { fetchWire, type FetchFunction, type Wire } from "./core/wire.js";
import { AlliError, describeOperation, InvalidInputError } from "./errors/errors.js";
import { registerSecrets } from "./errors/redact.js";
import { createAuditLogs } from "./features/audit-logs/audit-logs.js";
import type { AuditLogs } from "./features/audit-logs/types.js";
import type { TypedMethods } from "./features/method-types.js";
import { defineMethods } from "./features/methods.js";
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
  /** Overrides `region` (a proxy, a mock server). Defaults to the `ALLI_BASE_URL` environment variable, if set. */
  baseUrl?: string;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * A fetch to send with instead of the SDK's transport, called as `fetch(url, init)` with a string URL and a plain
   * init (headers object, string or bytes body, `redirect: "manual"`); not for the two GETs with a body (fetch can't).
   */
  fetch?: FetchFunction;
  /**
   * Node.js: the undici Dispatcher to send with (a `ProxyAgent`, an mTLS `Agent`, a pool). Default: the SDK's pools or,
   * if `HTTPS_PROXY`, `HTTP_PROXY` or `ALL_PROXY` is set at creation, undici's `EnvHttpProxyAgent` (with `NO_PROXY`).
   */
  dispatcher?: Dispatcher;
  /** Called before each retry. */
  onRetry?: (event: RetryEvent) => void;
  /** Receives one line per request and response; `ALLI_LOG=debug` logs to stderr. */
  logger?: Logger;
  /** Who requests act for (`OWN-USER-ID`, `USER-EMAIL`, `AGENT-EMAIL`). */
  user?: UserIdentity;
}
/** The client: one method per operation (by operationId), the typed path map (`alli.GET(path, init)`), the helpers. */
export interface AlliClient extends OperationMethods, TypedMethods {
  /** The server this client talks to. */
  readonly baseUrl: string;
  /** Iterates the items (or pages) of a paginated operation. */
  readonly paginate: Paginate;
  /** Streams the events of a streaming operation. */
  readonly stream: StreamFn;
  /** The audit-log CSV download: as a stream, to a file, or as rows. */
  readonly auditLogs: AuditLogs;
  /** A client with other defaults (`timeout`, `user`, `headers` merged, …) on this client's transport (unchanged). */
  withOptions(options: ClientOverrides): AlliClient;
}
/** What `withOptions` may change: everything but the transport, which the new client shares. */
export type ClientOverrides = Omit<ClientOptions, "fetch" | "dispatcher">;

// Bun, Deno and Cloudflare Workers (nodejs_compat, without Node's sockets) answer to process.versions.node too.
function runtimeKind(): "node" | "bun" | "deno" | "other" {
  if (typeof process === "undefined" || !process.versions?.node) return "other";
  if (typeof navigator !== "undefined" && navigator.userAgent === "Cloudflare-Workers") return "other";
  return process.versions.bun ? "bun" : (process.versions as Record<string, string | undefined>).deno ? "deno" : "node";
}
const NO_GET_BODY =
  "is a GET that carries a JSON body, as the API requires, and this runtime's fetch cannot send a body on a GET; " +
  "call it from Node.js, Bun or Deno";
/**
 * Which wire sends a request. Node.js: node:http, then undici loaded in the background after the first answer (it costs
 * a cold start over 100 ms); undici at once for a `dispatcher` or proxy. Else fetch, but for the GETs with a body.
 */
function wireChooser(options: ClientOptions, proxy: ProxySettings, runtime = runtimeKind()): ClientCore["wire"] {
  const { dispatcher } = options;
  const wires: Partial<Record<"http" | "undici", Wire>> = {};
  const loading: Partial<Record<"http" | "undici", Promise<Wire>>> = {};
  const load = (name: "http" | "undici", make: () => Promise<Wire>) =>
    (loading[name] ??= make().then(
      (wire) => (wires[name] = wire),
      (error: unknown) => {
        // Final (not a connection failure to retry), and not kept: the next call tries again.
        loading[name] = undefined;
        const message = `the SDK's Node.js transport (${name}) could not be set up: ${String(error)}`;
        throw new AlliError(message, { cause: error });
      },
    ));
  const undici = () =>
    load("undici", () =>
      import("./node/undici-wire.js").then((m) => m.undiciWire(dispatcher ?? m.createDispatcher(proxy))),
    );
  const needsUndici = runtime === "node" && Boolean(dispatcher || proxy.httpProxy || proxy.httpsProxy);
  let warmed = runtime !== "node" || needsUndici;
  // Unref'd: a script that is done exits without waiting for undici.
  const warmUp = () => void (warmed || ((warmed = true), setTimeout(() => void undici().catch(() => {}), 0).unref?.()));
  const http = () =>
    load("http", async () => {
      const wire = (await import("./node/http-wire.js")).httpWire();
      return (request, stop) => wire(request, stop).finally(warmUp);
    });
  const globalFetch = runtime === "node" ? undefined : fetchWire((url, init) => globalThis.fetch(url, init));
  const fetched = options.fetch ? fetchWire(options.fetch) : globalFetch;
  return (request, operation) => {
    if (fetched && (request.body === undefined || request.method !== "GET")) return fetched;
    if (runtime === "other") throw new AlliError(`${describeOperation(operation)} ${NO_GET_BODY}`, { operation });
    return wires.undici ?? (needsUndici ? undici() : (wires.http ?? http()));
  };
}
type Core = ClientCore & { options: ClientOptions; owner: object };
function resolveCore(options: ClientOptions, shared?: ClientCore["wire"]): Core {
  const env = typeof process !== "undefined" ? process.env : undefined;
  const apiKey = options.apiKey ?? (options.token ? undefined : env?.ALLI_API_KEY);
  const how = "createAlliClient({ apiKey }) or set the ALLI_API_KEY environment variable (or pass a bearer `token`)";
  if (!apiKey && !options.token) throw new AlliError(`No Alli API key: pass ${how}.`);
  const server = servers.find((s) => s.region === (options.region ?? "us"));
  const explicitBaseUrl = options.baseUrl ?? (options.region ? undefined : env?.ALLI_BASE_URL || undefined);
  if (!server && !explicitBaseUrl)
    throw new InvalidInputError("region", `must be one of ${servers.map((s) => JSON.stringify(s.region)).join(", ")}`);
  // First, so that every error from here on is redacted; the secrets live as long as the core.
  // A key read from a file keeps its newline: it is sent trimmed, and redacted in both forms.
  const owner = {};
  registerSecrets(owner, [apiKey, options.token]);
  const limits = withLimits(DEFAULT_LIMITS, options);
  const credentials = { "API-KEY": apiKey?.trim(), Authorization: options.token && `Bearer ${options.token.trim()}` };
  const baseHeaders = buildHeaders(options.headers, credentials);
  const baseUrl = explicitBaseUrl === undefined ? server!.url : parseBaseUrl(explicitBaseUrl);
  return {
    options,
    owner,
    baseUrl,
    ...splitBaseUrl(baseUrl),
    region: explicitBaseUrl === undefined ? server!.region : undefined,
    baseHeaders,
    headers: { ...baseHeaders, ...identityHeaders(checkUser(options.user)) },
    user: options.user,
    limits,
    wire: shared ?? wireChooser(options, proxySettings(env)),
    openFile:
      runtimeKind() === "other" ? undefined : (path) => import("./node/files.js").then((m) => m.openFileBlob(path)),
    logger: resolveLogger(options.logger, env),
    onRetry: options.onRetry,
  };
}
class Client {
  readonly baseUrl: string;
  readonly #core: Core;
  readonly #made: { paginate?: Paginate; stream?: StreamFn; auditLogs?: AuditLogs } = {};
  constructor(options: ClientOptions, shared?: ClientCore["wire"]) {
    this.#core = resolveCore(options, shared);
    this.baseUrl = this.#core.baseUrl;
    // The typed path map (`alli.GET(path, init)`), one own function per HTTP method, so that destructuring works.
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"] as const)
      (this as Record<string, unknown>)[method] = (path: string, init?: CallInit) => this.#request(method, path, init);
  }
  /** Defines the methods, once per process (not at load: a program that makes no client never walks the metadata). */
  static defineMethods(): void {
    defineMethods(Client.prototype, (client) => ({
      request: (method, path, init) => (client as Client).#request(method, path, init),
      paginate: (client as Client).paginate,
      stream: (client as Client).stream as never,
    }));
    Client.defineMethods = () => {};
  }
  async #request(method: HttpMethod, path: string, init?: CallInit, extras?: CallExtras) {
    const { data, answer, requestId } = await call(this.#core, method, path, init, extras);
    return {
      data,
      get response() {
        return answer.toResponse();
      },
      requestId,
    };
  }
  get paginate(): Paginate {
    return (this.#made.paginate ??= createPaginate((path, init, stop) =>
      this.#request("GET", path, { ...init, parseAs: "json" }, { stop }),
    ) as never);
  }
  get stream(): StreamFn {
    return (this.#made.stream ??= createStream((...args) => call(this.#core, ...args), this.#core.limits) as never);
  }
  get auditLogs(): AuditLogs {
    return (this.#made.auditLogs ??= createAuditLogs(
      (init, extras) => call(this.#core, "GET", allOperations().downloadAuditLogs!.path, init, extras),
      runtimeKind() !== "other",
    ));
  }
  withOptions(overrides: ClientOverrides): AlliClient {
    const { options } = this.#core;
    // Merged as the client merges them: a Headers object or pairs on either side, `undefined` removing.
    const headers = buildHeaders(options.headers, overrides.headers);
    const user = overrides.user === undefined ? options.user : { ...options.user, ...checkUser(overrides.user) };
    return new Client({ ...options, ...overrides, headers, user }, this.#core.wire) as unknown as AlliClient;
  }
}
/** Creates a client for the Alli API: every operation of the spec, typed by path. */
export function createAlliClient(options: ClientOptions = {}): AlliClient {
  Client.defineMethods();
  return new Client(options) as unknown as AlliClient;
}
