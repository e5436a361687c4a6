/** The API key and bearer token never show in an error's message, stack, JSON or inspection, nor in a log line. */
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlliError, createAlliClient } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

const KEY = "sk-live-4f9c2d1e8b7a";
const TOKEN = "eyJhbGciOiJIUzI1NiJ9.secret-token";
/** Short enough that a JSON parser quotes all of it in its error message. */
const SHORT_KEY = "sk-9f3a";
let server: ScriptedServer;

beforeAll(async () => {
  // A hostile server that echoes the credentials it received back into its error body and headers.
  server = await startServer((req, res) => {
    const echoed = `${req.headers["api-key"] ?? ""} ${req.headers.authorization ?? ""}`;
    res.writeHead(401, { "content-type": "application/json", "x-echo": echoed, "x-request-id": "req_1" });
    res.end(JSON.stringify({ message: `invalid credentials: ${echoed}`, detail: { key: req.headers["api-key"] } }));
  });
});
afterAll(() => server.close());

function everyRendering(error: unknown): string[] {
  const e = error as Error;
  return [e.message, e.stack ?? "", JSON.stringify(e), inspect(e, { depth: 10, showHidden: true }), String(e)];
}

describe("secrets stay out of errors and logs", () => {
  it.each([
    ["API key", { apiKey: KEY }, KEY],
    ["bearer token", { token: TOKEN }, TOKEN],
  ])("%s: not in the error's message, stack, JSON.stringify or util.inspect", async (_label, auth, secret) => {
    const error = await createAlliClient({ ...auth, baseUrl: server.url })
      .GET("/webapi/v2/projects")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlliError);
    expect((error as AlliError).status).toBe(401);
    // The server really did echo it, so the check below is not vacuous.
    expect((error as Error).message).toContain("invalid credentials");
    for (const rendering of everyRendering(error)) expect(rendering).not.toContain(secret);
  });

  it.each([
    ["a reason phrase", (res: import("node:http").ServerResponse) => (res.writeHead(401, `Bad key ${KEY}`), res.end())],
    [
      "a 200 body that is not JSON",
      (res: import("node:http").ServerResponse) => (
        res.writeHead(200, { "content-type": "application/json" }),
        res.end(`k=${SHORT_KEY}`)
      ),
    ],
  ])("keeps the key out of an error built from %s the server echoed", async (_label, answer) => {
    const echo = await startServer((_req, res) => void answer(res));
    const key = _label === "a reason phrase" ? KEY : SHORT_KEY;
    try {
      const error = await createAlliClient({ apiKey: key, baseUrl: echo.url, maxRetries: 0 })
        .GET("/webapi/v2/projects")
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AlliError);
      for (const rendering of everyRendering(error)) expect(rendering).not.toContain(key);
    } finally {
      await echo.close();
    }
  });

  it("keeps the key out of the error for a stream event that is not valid JSON", async () => {
    const echo = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(`data: [${SHORT_KEY}]\n\n`);
    });
    try {
      const stream = createAlliClient({ apiKey: SHORT_KEY, baseUrl: echo.url, maxRetries: 0 }).stream(
        "/webapi/v2/chat/completions",
        {
          body: { messages: [{ role: "user", content: "hi" }] },
        },
      );
      const error = await (async () => {
        for await (const _event of stream) void _event;
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AlliError);
      expect((error as Error).message).toContain("[redacted]");
      for (const rendering of everyRendering(error)) expect(rendering).not.toContain(SHORT_KEY);
    } finally {
      await echo.close();
    }
  });

  it("logs each request and response line with ALLI_LOG-style debug logging, never the key", async () => {
    const lines: string[] = [];
    await createAlliClient({
      apiKey: KEY,
      baseUrl: server.url,
      maxRetries: 0,
      logger: { debug: (line) => lines.push(line) },
    })
      .GET("/webapi/v2/projects")
      .catch(() => undefined);
    expect(lines.some((l) => l.startsWith("→ GET") && l.includes("/webapi/v2/projects"))).toBe(true);
    expect(lines.some((l) => l.startsWith("← 401") && l.includes("request-id=req_1"))).toBe(true);
    for (const line of lines) expect(line).not.toContain(KEY);
  });

  it("logs to the console when ALLI_LOG=debug is set", async () => {
    // Async: the scripted server lives in this process and must keep answering.
    const { execFile } = await import("node:child_process");
    const { promisify } = await import("node:util");
    const script = `import { createAlliClient } from "./src/index.ts";
      await createAlliClient({ apiKey: ${JSON.stringify(KEY)}, baseUrl: ${JSON.stringify(server.url)}, maxRetries: 0 }).GET("/webapi/v2/projects").catch(() => {});`;
    const result = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      {
        env: { ...process.env, ALLI_LOG: "debug" },
        encoding: "utf8",
        timeout: 20_000,
      },
    );
    const output = result.stdout + result.stderr;
    expect(output).toContain("[alli] → GET");
    expect(output).toContain("[alli] ← 401");
    expect(output).not.toContain(KEY);
  });
});
