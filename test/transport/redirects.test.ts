/**
 * The SDK's redirect policy, against two scripted loopback servers (two origins): what is
 * followed, what is refused, and what the other origin receives.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AlliError, APIError, createAlliClient } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

const KEY = "sk-redirect-test-key-0123456789abcdef";
let api: ScriptedServer;
let other: ScriptedServer;
/** What the API server answers next: set by each test. */
let route: (url: string) => { status: number; location?: string } | undefined;

const APP = { id: "app_1", name: "Support" };

beforeAll(async () => {
  api = await startServer((req, res) => {
    const answer = route(req.url ?? "");
    if (answer) {
      res.writeHead(answer.status, answer.location ? { location: answer.location } : {});
      return void res.end();
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ...APP, seenAt: "api" }));
  });
  other = await startServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ...APP, seenAt: "other" }));
  });
});
afterEach(() => {
  api.requests.length = 0;
  other.requests.length = 0;
});
afterAll(async () => {
  await api.close();
  await other.close();
});

const client = (options: Parameters<typeof createAlliClient>[0] = {}) =>
  createAlliClient({
    apiKey: KEY,
    baseUrl: api.url,
    headers: { "X-Tenant": "tenant-7" },
    user: { ownUserId: "user-1", userEmail: "user@example.com", agentEmail: "agent@example.com" },
    ...options,
  });
const getApp = (alli = client()) => alli.GET("/webapi/v2/apps/{app_id}", { params: { path: { app_id: "app_1" } } });
const runApp = (alli = client()) =>
  alli.POST("/webapi/apps/{app_id}/run", {
    params: { path: { app_id: "app_1" } },
    body: { inputs: { question: "hi" } } as never,
  });

const STATUSES = [301, 302, 303, 307, 308] as const;
const CREDENTIAL_HEADERS = ["api-key", "authorization", "own-user-id", "user-email", "agent-email", "x-tenant"];

describe("same origin", () => {
  it.each(STATUSES)("a GET answered %i is followed, credentials kept", async (status) => {
    route = (url) =>
      url.startsWith("/webapi/v2/apps/app_1") ? { status, location: "/webapi/v2/apps/moved" } : undefined;
    const { data } = await getApp();
    expect(data).toMatchObject({ seenAt: "api" });
    expect(api.requests.map((r) => r.url)).toEqual(["/webapi/v2/apps/app_1", "/webapi/v2/apps/moved"]);
    expect(api.requests[1]!.headers["api-key"]).toBe(KEY);
    expect(api.requests[1]!.headers["own-user-id"]).toBe("user-1");
  });

  it.each([307, 308])("a POST answered %i is followed with its method and body", async (status) => {
    route = (url) => (url === "/webapi/apps/app_1/run" ? { status, location: "/webapi/apps/app_2/run" } : undefined);
    await runApp();
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /webapi/apps/app_1/run",
      "POST /webapi/apps/app_2/run",
    ]);
    expect(JSON.parse(api.requests[1]!.body.toString())).toEqual({ inputs: { question: "hi" } });
  });

  it.each([301, 302, 303])(
    "a POST answered %i raises an APIError with the status and Location instead of becoming a GET",
    async (status) => {
      route = (url) => (url === "/webapi/apps/app_1/run" ? { status, location: `/elsewhere?key=${KEY}` } : undefined);
      const error = (await runApp().catch((e: unknown) => e)) as APIError;
      expect(error).toBeInstanceOf(APIError);
      expect(error.status).toBe(status);
      expect(error.message).toContain("/elsewhere?key=[redacted]");
      expect(error.message).not.toContain(KEY);
      expect(error.headers?.location).toBe("/elsewhere?key=[redacted]");
      expect(api.requests.map((r) => r.method)).toEqual(["POST"]);
    },
  );
});

describe("another origin", () => {
  it.each(STATUSES)("a GET answered %i is followed with no credential, identity or user header", async (status) => {
    route = (url) =>
      url.startsWith("/webapi/v2/apps/app_1") ? { status, location: `${other.url}/landing` } : undefined;
    const { data } = await getApp();
    expect(data).toMatchObject({ seenAt: "other" });
    expect(other.requests).toHaveLength(1);
    for (const name of CREDENTIAL_HEADERS) expect(other.requests[0]!.headers[name], name).toBeUndefined();
    expect(other.requests[0]!.url).toBe("/landing");
  });

  it("a bearer token does not follow either", async () => {
    route = (url) =>
      url.startsWith("/webapi/v2/apps/app_1") ? { status: 302, location: `${other.url}/landing` } : undefined;
    await getApp(createAlliClient({ token: "bearer-secret", baseUrl: api.url }));
    expect(other.requests[0]!.headers.authorization).toBeUndefined();
    expect(api.requests[0]!.headers.authorization).toBe("Bearer bearer-secret");
  });

  it.each(STATUSES)("a POST answered %i is refused: the other origin receives nothing", async (status) => {
    route = (url) =>
      url === "/webapi/apps/app_1/run" ? { status, location: `${other.url}/webapi/apps/app_1/run` } : undefined;
    const error = (await runApp().catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(status);
    expect(error.message).toContain(other.url);
    expect(other.requests).toHaveLength(0);
    expect(api.requests).toHaveLength(1);
  });
});

describe("limits", () => {
  it("a loop raises an AlliError at once, without retrying", async () => {
    route = (url) =>
      url.startsWith("/webapi/v2/apps/app_1")
        ? { status: 302, location: "/webapi/v2/apps/b" }
        : url.startsWith("/webapi/v2/apps/b")
          ? { status: 302, location: "/webapi/v2/apps/app_1" }
          : undefined;
    const error = (await getApp().catch((e: unknown) => e)) as AlliError;
    expect(error).toBeInstanceOf(AlliError);
    expect(error).not.toBeInstanceOf(APIError);
    expect(error.message).toMatch(/loop/);
    expect(api.requests).toHaveLength(2);
  });

  it("follows 10 redirects and refuses the 11th, without retrying", async () => {
    route = (url) => {
      const hop = Number(new URL(url, api.url).searchParams.get("hop") ?? 0);
      return url.startsWith("/webapi/v2/apps/app_1")
        ? { status: 307, location: `/webapi/v2/apps/app_1?hop=${hop + 1}` }
        : undefined;
    };
    const error = (await getApp().catch((e: unknown) => e)) as AlliError;
    expect(error).toBeInstanceOf(AlliError);
    expect(error.message).toMatch(/more than 10 times/);
    expect(api.requests).toHaveLength(11);
  });

  it("a user-supplied fetch is called with redirect: manual and gets the same policy", async () => {
    route = (url) =>
      url.startsWith("/webapi/v2/apps/app_1") ? { status: 302, location: `${other.url}/landing` } : undefined;
    const modes: Array<RequestRedirect | undefined> = [];
    await getApp(client({ fetch: (url, init) => (modes.push(init.redirect), fetch(url, init)) }));
    expect(modes).toEqual(["manual", "manual"]);
    expect(other.requests[0]!.headers["api-key"]).toBeUndefined();
  });
});

describe("a GET that carries a body", () => {
  const range = { startDate: "2026-01-01", endDate: "2026-01-31" };

  it("redirected to another origin, arrives there without the body and without the caller's headers", async () => {
    route = (url) =>
      url === "/webapi/summary_analytics" ? { status: 307, location: `${other.url}/landing` } : undefined;
    await client().GET("/webapi/summary_analytics", {
      body: range,
      headers: { Accept: "application/json", "Accept-Language": "ko" },
    });
    expect(other.requests[0]!.body.length).toBe(0);
    expect(other.requests[0]!.headers.accept).toBeUndefined();
    expect(other.requests[0]!.headers["accept-language"]).toBeUndefined();
  });

  it("redirected on its origin and then retried, is sent whole each time", async () => {
    let moved = 0;
    route = (url) =>
      url === "/webapi/summary_analytics"
        ? { status: 307, location: "/webapi/summary_moved" }
        : url === "/webapi/summary_moved" && moved++ === 0
          ? { status: 503 }
          : undefined;
    await client().GET("/webapi/summary_analytics", { body: range });
    const sent = api.requests.filter((r) => r.url === "/webapi/summary_moved");
    expect(sent).toHaveLength(2);
    for (const request of [...api.requests]) {
      expect(JSON.parse(request.body.toString())).toEqual(range);
      expect(request.headers["content-type"]).toBe("application/json");
    }
  });
});
