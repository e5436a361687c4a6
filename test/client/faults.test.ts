/** Retries, timeouts and aborts against scripted loopback servers that misbehave on purpose. */
import { afterEach, describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  createAlliClient,
  InternalServerError,
  RateLimitError,
  type RetryEvent,
} from "../../src/index.js";
import { startServer, type Handler, type ScriptedServer } from "../helpers/http-server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: Handler) {
  server = await startServer(handler);
  return server;
}
const json = (
  res: import("node:http").ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};
const client = (url: string, extra: Parameters<typeof createAlliClient>[0] = {}) =>
  createAlliClient({ apiKey: "sk-test-secret", baseUrl: url, ...extra });

describe("retries", () => {
  it("waits out a 429's Retry-After: 1, then succeeds, and onRetry sees the wait", async () => {
    const s = await serve((_req, res, _body, i) =>
      i === 0
        ? json(
            res,
            429,
            { message: "slow down" },
            { "retry-after": "1", "x-ratelimit-remaining": "0", "x-ratelimit-limit": "60" },
          )
        : json(res, 200, { id: "p1" }),
    );
    const retries: RetryEvent[] = [];
    const { data } = await client(s.url, { onRetry: (e) => retries.push(e) }).GET("/webapi/v2/projects");
    expect(data).toEqual({ id: "p1" });
    expect(s.requests).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, delay: 1000 });
    expect(retries[0]!.cause).toBeInstanceOf(RateLimitError);
    expect(retries[0]!.cause.rateLimit).toEqual({ limit: 60, remaining: 0 });
  });

  it("retries a 503 twice with backoff, then succeeds", async () => {
    const s = await serve((_req, res, _body, i) =>
      i < 2 ? json(res, 503, { message: "busy" }) : json(res, 200, { ok: true }),
    );
    const delays: number[] = [];
    await client(s.url, { onRetry: (e) => delays.push(e.delay) }).GET("/webapi/v2/projects");
    expect(s.requests).toHaveLength(3);
    // Exponential backoff with jitter: ~0.5 s, then ~1 s (up to 25 % shorter).
    expect(delays[0]).toBeGreaterThanOrEqual(375);
    expect(delays[0]).toBeLessThanOrEqual(500);
    expect(delays[1]).toBeGreaterThanOrEqual(750);
    expect(delays[1]).toBeLessThanOrEqual(1000);
  });

  it("gives up after maxRetries and raises the last status error with the server's message", async () => {
    const s = await serve((_req, res) =>
      json(res, 500, { message: "database unavailable" }, { "x-request-id": "req_42" }),
    );
    const error = await client(s.url, { maxRetries: 1 })
      .GET("/webapi/v2/projects")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({
      status: 500,
      requestId: "req_42",
      operation: { method: "GET", path: "/webapi/v2/projects", operationId: "getProject" },
      body: { message: "database unavailable" },
    });
    expect((error as Error).message).toContain("database unavailable");
    expect(s.requests).toHaveLength(2);
  });

  it("does not retry a POST that got a 502: the server may have run it (LLM runs cost credits)", async () => {
    const s = await serve((_req, res) => json(res, 502, { message: "bad gateway" }));
    const error = await client(s.url)
      .POST("/webapi/apps/{app_id}/run", { params: { path: { app_id: "a1" } }, body: { mode: "sync" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(s.requests).toHaveLength(1);
  });

  it("retries a POST that got a 502 when the caller marks it idempotent", async () => {
    const s = await serve((_req, res, _body, i) => (i === 0 ? json(res, 502, {}) : json(res, 200, { result: {} })));
    await client(s.url).POST("/webapi/apps/{app_id}/run", {
      params: { path: { app_id: "a1" } },
      body: { mode: "sync" },
      idempotent: true,
    });
    expect(s.requests).toHaveLength(2);
    expect(s.requests[1]!.body.toString()).toBe(s.requests[0]!.body.toString());
  });

  it("retries a POST after a 429 and after a 503 with Retry-After, which are always safe", async () => {
    const s = await serve((_req, res, _body, i) =>
      i === 0
        ? json(res, 429, {}, { "retry-after": "0" })
        : i === 1
          ? json(res, 503, {}, { "retry-after": "0" })
          : json(res, 200, { result: "done" }),
    );
    const { data } = await client(s.url).POST("/webapi/skill", { body: { id: "s", text: "t" } });
    expect(data).toEqual({ result: "done" });
    expect(s.requests).toHaveLength(3);
  });

  it("raises at once, carrying the wait, when Retry-After exceeds maxRetryAfter", async () => {
    const s = await serve((_req, res) => json(res, 429, { message: "quota" }, { "retry-after": "7200" }));
    const retries: RetryEvent[] = [];
    const error = await client(s.url, { maxRetryAfter: 60_000, onRetry: (e) => retries.push(e) })
      .GET("/webapi/v2/projects")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(7_200_000);
    expect(s.requests).toHaveLength(1);
    expect(retries).toEqual([]); // no wait was even scheduled
  });

  it("honours Retry-After as an HTTP date, including a wait longer than a minute within the cap", async () => {
    const s = await serve((_req, res) =>
      json(res, 503, {}, { "retry-after": new Date(Date.now() + 90_000).toUTCString() }),
    );
    const retries: RetryEvent[] = [];
    const controller = new AbortController();
    const pending = client(s.url, { onRetry: (e) => (retries.push(e), controller.abort()) })
      .GET("/webapi/v2/projects", { signal: controller.signal })
      .catch((e: unknown) => e);
    const error = await pending;
    // The SDK was going to sleep ~90 s (the date is to the second); the abort ends the wait.
    expect(retries[0]!.delay).toBeGreaterThan(85_000);
    expect(retries[0]!.delay).toBeLessThanOrEqual(90_000);
    expect(error).toBeInstanceOf(APIUserAbortError);
  });

  it("honours per-request maxRetries over the client's", async () => {
    const s = await serve((_req, res) => json(res, 503, {}, { "retry-after": "0" }));
    await client(s.url, { maxRetries: 5 })
      .GET("/webapi/v2/projects", { maxRetries: 0 })
      .catch(() => undefined);
    expect(s.requests).toHaveLength(1);
  });
});

describe("connection failures", () => {
  it("retries a GET whose connection was reset, and raises APIConnectionError when it keeps failing", async () => {
    const s = await serve((req) => void req.socket.destroy());
    const error = await client(s.url, { maxRetries: 1 })
      .GET("/webapi/v2/projects")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as APIConnectionError).status).toBeUndefined();
    expect(s.requests).toHaveLength(2);
  });

  it("does not retry a POST whose connection was reset after the body was sent", async () => {
    const s = await serve((req) => void req.socket.destroy());
    const error = await client(s.url)
      .POST("/webapi/skill", { body: { id: "s", text: "t" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(s.requests).toHaveLength(1);
  });

  it("retries a POST whose connection was refused (nothing was sent)", async () => {
    const s = await serve(() => undefined);
    const url = s.url;
    await s.close();
    server = undefined;
    const retries: RetryEvent[] = [];
    const error = await client(url, { maxRetries: 1, onRetry: (e) => retries.push(e) })
      .POST("/webapi/skill", { body: { id: "s", text: "t" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toContain("ECONNREFUSED");
    expect(retries).toHaveLength(1);
  });
});

describe("timeouts and aborts", () => {
  it("times out a server that never answers, and closes the connection", async () => {
    const s = await serve(() => undefined);
    const error = await client(s.url, { timeout: 300, maxRetries: 0 })
      .GET("/webapi/v2/projects")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toContain("300 ms");
    await expect.poll(() => s.openSockets()).toBe(0);
  });

  it("times out a body that stalls after the headers (the timeout covers reading the body)", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"id": "p');
    });
    const error = await client(s.url, { timeout: 5_000 })
      .GET("/webapi/v2/projects", { timeout: 300 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    await expect.poll(() => s.openSockets()).toBe(0);
  });

  it("raises APIUserAbortError when the caller aborts, and closes the connection", async () => {
    const s = await serve(() => undefined);
    const controller = new AbortController();
    const pending = client(s.url).GET("/webapi/v2/projects", { signal: controller.signal });
    await expect.poll(() => s.requests.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    await expect.poll(() => s.openSockets()).toBe(0);
  });
});
