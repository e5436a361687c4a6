/**
 * Timeouts and aborts keep firing while garbage collection runs. Node 20's undici links a
 * `Request.clone()`'s signal to the original only weakly, so an SDK that sent clones lost its
 * timeout and the caller's abort after a GC, and calls against a server that never answers hung
 * for ever. Here a ticker forces a full GC every few milliseconds while each call (retries on, as
 * by default) runs against such a server; every call must end with the SDK's error.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  APITimeoutError,
  APIUserAbortError,
  createAlliClient,
  StreamInterruptedError,
  type AlliClient,
} from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

// The flag is read when `gc` is looked up in a new context: this exposes it to this file alone.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Silent: takes every request and never answers. */
let silent: ScriptedServer;
/** Sends the headers and a first chunk, then nothing more. */
let stalling: ScriptedServer;
let ticker: ReturnType<typeof setInterval>;
let dir: string;

beforeAll(async () => {
  silent = await startServer(() => new Promise(() => {}));
  stalling = await startServer((req, res) => {
    const csv = req.url?.includes("/audit/logs/download");
    res.writeHead(200, { "content-type": csv ? "text/csv" : "text/event-stream" });
    res.write(csv ? "createdAt,method,path\n" : 'data: {"choices":[{"delta":{"content":"안녕"}}]}\n\n');
    return new Promise(() => {});
  });
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "alli-gc-"));
  ticker = setInterval(gc, 5);
});
afterEach(() => {
  clearInterval(ticker);
  rmSync(dir, { recursive: true, force: true });
});
afterAll(async () => {
  await silent.close();
  await stalling.close();
});

type Call = (alli: AlliClient, signal?: AbortSignal) => Promise<unknown>;
const range = { startDate: "2026-01-01", endDate: "2026-01-31" };
const drain = async (iterable: AsyncIterable<unknown>) => {
  for await (const _ of iterable) gc();
};
const CALLS: Record<string, Call> = {
  "a GET": (alli, signal) => alli.GET("/webapi/v2/apps/{app_id}", { params: { path: { app_id: "app_1" } }, signal }),
  "a POST run (idempotent, so that it is retried)": (alli, signal) =>
    alli.POST("/webapi/apps/{app_id}/run", {
      params: { path: { app_id: "app_1" } },
      body: { inputs: {} } as never,
      idempotent: true,
      signal,
    }),
  "a GET with a body": (alli, signal) => alli.GET("/webapi/summary_analytics", { body: range, signal }),
  "a stream": (alli, signal) =>
    drain(
      alli.stream("/webapi/v2/chat/completions", { body: { messages: [{ role: "user", content: "hi" }] }, signal }),
    ),
  downloadToFile: (alli, signal) => alli.auditLogs.downloadToFile(join(dir, "logs.csv"), { signal }),
  "rows()": (alli, signal) => drain(alli.auditLogs.rows({ signal })),
};

describe.each(Object.entries(CALLS))("%s, with GC running", (_name, run) => {
  it("times out against a server that never answers", async () => {
    const alli = createAlliClient({ apiKey: "gc-key", baseUrl: silent.url, timeout: 200 });
    await expect(run(alli)).rejects.toBeInstanceOf(APITimeoutError);
  });

  it("ends with APIUserAbortError when the caller aborts while it waits", async () => {
    const alli = createAlliClient({ apiKey: "gc-key", baseUrl: silent.url, timeout: 60_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("caller gave up")), 150);
    await expect(run(alli, controller.signal)).rejects.toBeInstanceOf(APIUserAbortError);
  });
});

describe("a body that stops arriving, with GC running", () => {
  const alli = () => createAlliClient({ apiKey: "gc-key", baseUrl: stalling.url, idleTimeout: 200 });

  it("a stream ends with StreamInterruptedError after its idle timeout, with the event that arrived", async () => {
    const error = (await drain(
      alli().stream("/webapi/v2/chat/completions", { body: { messages: [{ role: "user", content: "hi" }] } }),
    ).catch((e: unknown) => e)) as StreamInterruptedError;
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error.reason).toBe("idle-timeout");
    expect(error.eventCount).toBe(1);
  });

  it("downloadToFile ends with APITimeoutError and leaves no file", async () => {
    await expect(alli().auditLogs.downloadToFile(join(dir, "logs.csv"))).rejects.toBeInstanceOf(APITimeoutError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("rows() ends with APITimeoutError", async () => {
    await expect(drain(alli().auditLogs.rows())).rejects.toBeInstanceOf(APITimeoutError);
  });
});

describe("an abort while the SDK waits to retry, with GC running", () => {
  it("ends the call with APIUserAbortError at once, and nothing more is sent", async () => {
    const busy = await startServer((_req, res) => void res.writeHead(503, { "retry-after": "30" }).end());
    try {
      const alli = createAlliClient({ apiKey: "gc-key", baseUrl: busy.url });
      const controller = new AbortController();
      const pending = alli.GET("/webapi/v2/projects", { signal: controller.signal }).catch((e: unknown) => e);
      await expect.poll(() => busy.requests.length).toBe(1);
      controller.abort(new Error("caller gave up"));
      const error = (await pending) as APIUserAbortError;
      expect(error).toBeInstanceOf(APIUserAbortError);
      expect((error.cause as Error).message).toBe("caller gave up");
      expect(busy.requests).toHaveLength(1);
    } finally {
      await busy.close();
    }
  });
});
