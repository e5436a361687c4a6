/**
 * Issue 20, on the core: input no transport can send is refused before the network (transport headers, a signal that
 * is not one, lone surrogates, dot segments, identity typos); the path map's streamed body keeps the limits; a
 * Retry-After past what a timer can wait is not turned into immediate retries; a redirect to another origin carries
 * none of the caller's headers; `ALLI_LOG=debug` writes to stderr. Scripted loopback servers only.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { APIUserAbortError, AlliError, createAlliClient, InvalidInputError } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

const KEY = "sk-core-round3-key-0123456789abcdef";
const servers: ScriptedServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});
const APP = { id: "app_1", name: "Support" };
async function server(handler: Parameters<typeof startServer>[0] = (_req, res) => void res.end(JSON.stringify(APP))) {
  const started = await startServer(handler);
  servers.push(started);
  return started;
}
const getApp = (alli: ReturnType<typeof createAlliClient>, init: object = {}) =>
  alli.GET("/webapi/v2/apps/{app_id}", { params: { path: { app_id: "app_1" } }, ...init });
/** The call's rejection, which must come before any request reaches `api`. */
async function refusedBeforeSending(api: ScriptedServer, call: Promise<unknown>): Promise<InvalidInputError> {
  const error = await call.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidInputError);
  expect(api.requests).toHaveLength(0);
  return error as InvalidInputError;
}

describe("input no HTTP transport can send is an InvalidInputError naming the field, never retried", () => {
  it.each(["Transfer-Encoding", "Expect", "Upgrade", "Keep-Alive", "Connection", "content-length", "Host"])(
    "a per-call %s header",
    async (name) => {
      const api = await server();
      const alli = createAlliClient({ apiKey: KEY, baseUrl: api.url });
      const started = Date.now();
      const error = await refusedBeforeSending(api, getApp(alli, { headers: { [name]: "chunked" } }));
      expect(error.field).toBe(`headers.${name}`);
      expect(error.rule).toMatch(/set by the HTTP transport/);
      // Not retried as a connection failure (which took about 1.3 s): well under the first backoff.
      expect(Date.now() - started).toBeLessThan(1000);
    },
  );

  it("the same header on the client is refused when the client is made", () => {
    expect(() => createAlliClient({ apiKey: KEY, headers: { Expect: "100-continue" } })).toThrow(
      expect.objectContaining({ field: "headers.Expect" }),
    );
  });

  it("withOptions merges headers given as a Headers object as the client does, and checks them", async () => {
    const api = await server();
    const alli = createAlliClient({ apiKey: KEY, baseUrl: api.url, headers: new Headers({ "X-A": "1" }) as never });
    await getApp(alli.withOptions({ headers: new Headers({ "X-B": "2" }) as never }));
    expect(api.requests[0]!.headers).toMatchObject({ "x-a": "1", "x-b": "2" });
    expect(() => alli.withOptions({ headers: new Headers({ "Transfer-Encoding": "chunked" }) as never })).toThrow(
      expect.objectContaining({ field: "headers.transfer-encoding" }),
    );
  });

  it("a header given as pairs with an invalid name names the rule, never the name (it may be the key)", async () => {
    const api = await server();
    const alli = createAlliClient({ apiKey: KEY, baseUrl: api.url });
    const error = await refusedBeforeSending(api, getApp(alli, { headers: [[`API-KEY: ${KEY}`, ""]] }));
    expect(error.rule).toMatch(/not a valid header name/);
    expect(`${error.message} ${error.field}`).not.toContain(KEY);
  });

  it.each([
    ["an empty object", {}],
    ["a string", "abort"],
    ["a number", 1],
    ["an object that cannot stop listening", { aborted: false, addEventListener() {} }],
  ])("a signal that is %s", async (_what, signal) => {
    const api = await server();
    const alli = createAlliClient({ apiKey: KEY, baseUrl: api.url });
    const error = await refusedBeforeSending(api, getApp(alli, { signal }));
    expect(error.field).toBe("signal");
    expect(error.rule).toMatch(/AbortSignal/);
  });

  it("a lone surrogate in a path parameter, a query value or a literal path", async () => {
    const api = await server();
    const alli = createAlliClient({ apiKey: KEY, baseUrl: api.url });
    const lone = "app_\ud800";
    const inPath = await refusedBeforeSending(
      api,
      alli.GET("/webapi/v2/apps/{app_id}", { params: { path: { app_id: lone } } }),
    );
    expect(inPath.field).toBe("path.app_id");
    expect(inPath.rule).toMatch(/lone surrogate/);
    const inQuery = await refusedBeforeSending(
      api,
      alli.GET("/webapi/v2/apps", { params: { query: { searchTerm: lone } as never } }),
    );
    expect(inQuery.field).toBe("query.searchTerm");
    const literal = await refusedBeforeSending(api, alli.GET(`/webapi/v2/apps/${lone}` as never));
    expect(literal.field).toBe("path");
    const name = await refusedBeforeSending(
      api,
      alli.GET("/webapi/v2/apps", { params: { query: { [lone]: 1 } as never } }),
    );
    expect(name.field).toBe(`query.${lone}`);
    // OWN-USER-ID would go as the base64 of U+FFFD: another user's id.
    const user = await refusedBeforeSending(api, getApp(alli, { user: { ownUserId: lone } }));
    expect(user.field).toBe("user.ownUserId");
    const form = await refusedBeforeSending(
      api,
      alli.POST("/webapi/v2/apps/{app_id}/run_conversation", {
        params: { path: { app_id: "app_1" } },
        body: { message: lone },
      }),
    );
    expect(form.field).toBe("body.message");
  });
});

it("signal: null is no signal, as fetch takes it", async () => {
  const api = await server();
  const alli = createAlliClient({ apiKey: KEY, baseUrl: api.url });
  const { data } = await getApp(alli, { signal: null });
  expect(data).toEqual(APP);
});

describe("a literal path cannot climb out of baseUrl's path prefix", () => {
  it.each([
    "/webapi/v2/apps/../../../billing/admin",
    "/../billing/admin",
    "/webapi/v2/apps/%2e%2e/%2E%2e/x",
    "/webapi/v2/apps/.%2E/x",
    "/webapi/./v2/apps",
    "/webapi/v2/apps\\..\\..\\x",
    "/webapi/v2/apps/%2e%2e%2fbilling",
    "/webapi/v2/apps/%252e%252e/x",
    "/webapi/v2/apps/..%5cbilling",
    "/webapi/%/%252e%252e/x",
    "/webapi/%zz/..%2Fx",
  ])("%s is refused before sending", async (path) => {
    const api = await server();
    const alli = createAlliClient({ apiKey: KEY, baseUrl: `${api.url}/alli` });
    const error = await refusedBeforeSending(api, alli.GET(path as never));
    expect(error.field).toBe("path");
    expect(error.rule).toMatch(/"\." or "\.\." segment/);
  });

  it("a dot inside a segment (a file name, a version) is sent", async () => {
    const api = await server();
    const alli = createAlliClient({ apiKey: KEY, baseUrl: `${api.url}/alli` });
    await alli.GET("/webapi/v2/apps/report..v1.json" as never);
    expect(api.requests.map((r) => r.url)).toEqual(["/alli/webapi/v2/apps/report..v1.json"]);
  });

  it.each(["/webapi/.\t./x", "/webapi/.\n./x", "/webapi/..\r/x"])(
    "%j (the URL parser drops tabs and line breaks, making a dot segment) is refused",
    async (path) => {
      const api = await server();
      const alli = createAlliClient({ apiKey: KEY, baseUrl: `${api.url}/alli` });
      const error = await refusedBeforeSending(api, alli.GET(path as never));
      expect(error.field).toBe("path");
      expect(error.rule).toMatch(/control character/);
    },
  );

  it.each(["../billing", "a/../../billing", "..\\billing", "%2e%2e"])("a path parameter %j is refused", async (id) => {
    const api = await server();
    const alli = createAlliClient({ apiKey: KEY, baseUrl: `${api.url}/alli` });
    const error = await refusedBeforeSending(api, getApp(alli, { params: { path: { app_id: id } } }));
    expect(error.field).toBe("path.app_id");
    expect(error.rule).toMatch(/another endpoint/);
  });

  it("a path parameter with dots inside a segment is sent, escaped", async () => {
    const api = await server();
    const alli = createAlliClient({ apiKey: KEY, baseUrl: `${api.url}/alli` });
    await getApp(alli, { params: { path: { app_id: "v1..2/x.y" } } });
    expect(api.requests.map((r) => r.url)).toEqual(["/alli/webapi/v2/apps/v1..2%2Fx.y"]);
  });
});

describe("the user option is checked like every other option", () => {
  it.each([
    [{ ownUserID: "u" }, "user.ownUserID", /did you mean ownUserId/],
    [{ agent_email: "a@example.com" }, "user.agent_email", /did you mean agentEmail/],
    [{ team: "x" }, "user.team", /is not one of ownUserId, userEmail, agentEmail/],
    [{ ownUserId: 42 }, "user.ownUserId", /must be a string, got number/],
    ["u", "user", /must be a plain object/],
    [new Map([["ownUserId", "u"]]), "user", /must be a plain object with ownUserId, userEmail, agentEmail, got map/],
    [Object.create({ ownUserId: 5 }) as object, "user", /must be a plain object/],
  ])("on a call: %j", async (user, field, rule) => {
    const api = await server();
    const alli = createAlliClient({ apiKey: KEY, baseUrl: api.url });
    const error = await refusedBeforeSending(api, getApp(alli, { user }));
    expect(error.field).toBe(field);
    expect(error.rule).toMatch(rule);
  });

  it("on the client and on withOptions, when they are made", () => {
    expect(() => createAlliClient({ apiKey: KEY, user: { userMail: "a@example.com" } as never })).toThrow(
      expect.objectContaining({ field: "user.userMail" }),
    );
    const alli = createAlliClient({ apiKey: KEY });
    expect(() => alli.withOptions({ user: "u" as never })).toThrow(expect.objectContaining({ field: "user" }));
  });

  it("a correct identity is still sent", async () => {
    const api = await server();
    const alli = createAlliClient({ apiKey: KEY, baseUrl: api.url, user: { userEmail: "a@example.com" } });
    await getApp(alli, { user: { ownUserId: "u-1" } });
    expect(api.requests[0]!.headers).toMatchObject({ "own-user-id": "u-1", "user-email": "a@example.com" });
  });
});

describe("the path map's streamed body (parseAs: stream) is watched like the SDK's own streams", () => {
  /** A server that sends `chunk` every few milliseconds, forever, or once and then nothing. */
  const endless = (once: boolean) =>
    server((_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      const chunk = Buffer.alloc(64 * 1024, 120);
      res.write(chunk);
      if (once) return;
      const timer = setInterval(() => res.write(chunk), 1);
      res.on("close", () => clearInterval(timer));
    });
  async function drain(stream: ReadableStream<Uint8Array>) {
    let bytes = 0;
    const reader = stream.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return { bytes };
        bytes += value.byteLength;
      }
    } catch (error) {
      return { bytes, error };
    }
  }

  it("stops at maxResponseBytes and closes the connection", async () => {
    const api = await endless(false);
    const alli = createAlliClient({ apiKey: KEY, baseUrl: api.url, maxResponseBytes: 1024 * 1024 });
    const { data } = await getApp(alli, { parseAs: "stream" });
    const { bytes, error } = await drain(data as unknown as ReadableStream<Uint8Array>);
    expect(error).toBeInstanceOf(AlliError);
    expect((error as Error).message).toMatch(/larger than maxResponseBytes \(1048576 bytes\)/);
    expect(bytes).toBeLessThanOrEqual(1024 * 1024);
    await vi.waitFor(() => expect(api.openSockets()).toBe(0));
  });

  it("stops when the body goes quiet for idleTimeout", async () => {
    const api = await endless(true);
    const alli = createAlliClient({ apiKey: KEY, baseUrl: api.url, idleTimeout: 200 });
    const { data } = await getApp(alli, { parseAs: "stream" });
    const { bytes, error } = await drain(data as unknown as ReadableStream<Uint8Array>);
    expect(bytes).toBe(64 * 1024);
    expect(error).toBeInstanceOf(AlliError);
    await vi.waitFor(() => expect(api.openSockets()).toBe(0));
  });
});

describe("a Retry-After longer than a timer can wait", () => {
  it("is waited out (not retried at once) when maxRetryAfter allows it, and an abort ends the wait", async () => {
    // 3 000 000 s is past 2^31-1 ms, where setTimeout would fire after 1 ms.
    const api = await server((_req, res) => void res.writeHead(429, { "retry-after": "3000000" }).end());
    const alli = createAlliClient({ apiKey: KEY, baseUrl: api.url, maxRetryAfter: Number.MAX_SAFE_INTEGER });
    const controller = new AbortController();
    const call = getApp(alli, { signal: controller.signal }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(api.requests).toHaveLength(1);
    controller.abort();
    expect(await call).toBeInstanceOf(APIUserAbortError);
    expect(api.requests).toHaveLength(1);
  });
});

describe("a redirect to another origin", () => {
  it("carries none of the caller's headers, not even its User-Agent or Accept-Encoding", async () => {
    const other = await server();
    const api = await server((_req, res) => void res.writeHead(302, { location: `${other.url}/elsewhere` }).end());
    const alli = createAlliClient({
      apiKey: KEY,
      baseUrl: api.url,
      headers: { "User-Agent": "caller-agent/1.0", "X-Tenant": "t-7" },
    });
    await getApp(alli, { headers: { "Accept-Encoding": "identity;q=1, caller" } });
    expect(api.requests[0]!.headers["user-agent"]).toBe("caller-agent/1.0");
    const sent = other.requests[0]!.headers;
    expect(sent["user-agent"]).not.toBe("caller-agent/1.0");
    expect(sent["accept-encoding"]).not.toContain("caller");
    expect(sent["x-tenant"]).toBeUndefined();
    expect(sent["api-key"]).toBeUndefined();
  });
});

describe("ALLI_LOG=debug", () => {
  it("logs to stderr, never stdout (where the CLI writes its results)", async () => {
    const api = await server();
    const stdout = vi.spyOn(console, "log").mockImplementation(() => {});
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    const stderr = vi.spyOn(console, "error").mockImplementation(() => {});
    vi.stubEnv("ALLI_LOG", "debug");
    const alli = createAlliClient({ apiKey: KEY, baseUrl: api.url });
    await getApp(alli);
    expect(stdout).not.toHaveBeenCalled();
    expect(info).not.toHaveBeenCalled();
    expect(stderr.mock.calls.flat().join("\n")).toMatch(/\[alli\].*apps/);
  });
});
