/**
 * The key never shows, whatever the server echoes and wherever: servers that put the key in the
 * error body (as a value and as an object key), in x-request-id, in a stream's unreadable text
 * at every offset around the excerpt's cut, in a JSON body that does not parse, in a repeated
 * cursor and in a CSV cell. Every rendering a user or a log sees is searched for any 8
 * characters of the key.
 */
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlliError, createAlliClient } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

const KEY = "sk-live-7f3a9c2e41b84d6f9a0e5c3b2d1f8e7a";
/** As read from a file: with its newline. */
const KEY_AS_READ = `${KEY}\n`;

/** Fails when any 8 characters of the key appear in `text`. */
function expectNoKeyPiece(text: string): void {
  for (let at = 0; at + 8 <= KEY.length; at++) expect(text, `piece at ${at}`).not.toContain(KEY.slice(at, at + 8));
}

/** Every way an error is shown: message, stack, JSON, inspect at depth 10 with hidden fields, and its fields. */
function renderings(error: unknown): string {
  const e = error as AlliError;
  return [
    e.message,
    e.stack,
    JSON.stringify(e),
    inspect(e, { showHidden: true, depth: 10 }),
    String(e.requestId),
    JSON.stringify(e.body),
    JSON.stringify(e.headers),
    inspect(e.cause, { showHidden: true, depth: 10 }),
  ].join("\n");
}

/** Reads an iterable to its end; what it threw. */
async function failureOf(iterable: AsyncIterable<unknown>): Promise<unknown> {
  try {
    for await (const _ of iterable) void _;
  } catch (error) {
    return error;
  }
  return undefined;
}

let server: ScriptedServer;
let answer: (url: string) => { status: number; headers?: Record<string, string>; body: string };

beforeAll(async () => {
  server = await startServer((req, res) => {
    const { status, headers, body } = answer(req.url ?? "");
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body);
  });
});
afterAll(() => server.close());

const lines: string[] = [];
const client = () =>
  createAlliClient({
    apiKey: KEY_AS_READ,
    baseUrl: server.url,
    maxRetries: 0,
    logger: { debug: (line) => lines.push(line) },
  });
const getApp = () => client().GET("/webapi/v2/apps/{app_id}", { params: { path: { app_id: "app_1" } } });

describe("an error that echoes the key", () => {
  it("sends the key trimmed, and redacts it from the message, body, object keys, request id, JSON, inspect and the log", async () => {
    answer = () => ({
      status: 401,
      headers: { "x-request-id": `req-${KEY}` },
      body: JSON.stringify({
        errors: [{ [KEY]: "bad", message: `key ${KEY} is not valid` }],
        nested: { deep: [[[{ [`x${KEY}`]: KEY }]]] },
      }),
    });
    lines.length = 0;
    const error = await getApp().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlliError);
    expect(server.requests.at(-1)!.headers["api-key"]).toBe(KEY);
    expect((error as AlliError).requestId).toBe("req-[redacted]");
    expectNoKeyPiece(renderings(error));
    expectNoKeyPiece(lines.join("\n"));
    expect(lines.join("\n")).toContain("request-id=req-[redacted]");
  });

  it("a 200 body that is not JSON says where it broke, without quoting it", async () => {
    answer = () => ({ status: 200, body: `{"id": ${KEY}}` });
    const error = await getApp().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/not valid JSON \(invalid JSON/);
    expectNoKeyPiece(renderings(error));
  });
});

/** The error a stream raises when its server answers `body` with `contentType`. */
async function streamError(contentType: string, body: string): Promise<unknown> {
  const stream = await startServer((_req, res) => {
    res.writeHead(200, { "content-type": contentType });
    res.end(body);
  });
  try {
    const alli = createAlliClient({ apiKey: KEY, baseUrl: stream.url, maxRetries: 0 });
    return await alli
      .stream("/webapi/v2/chat/completions", { body: { messages: [{ role: "user", content: "hi" }] } })
      .text()
      .catch((e: unknown) => e);
  } finally {
    await stream.close();
  }
}

describe("a stream that echoes the key around the excerpt's cut", () => {
  it.each(Array.from({ length: 15 }, (_, i) => 160 + i * 5))(
    "an unreadable stream with the key at offset %i",
    async (offset) => {
      const error = await streamError("text/html", `${"x".repeat(offset)}${KEY}${"y".repeat(400)}`);
      expect(error).toBeInstanceOf(AlliError);
      expectNoKeyPiece(renderings(error));
    },
  );

  it.each([150, 190, 199, 200, 210])("an event that is not JSON, with the key at offset %i", async (offset) => {
    const error = await streamError(
      "text/event-stream",
      `data: {"text": "${"z".repeat(offset)}${KEY}${"w".repeat(300)}\n\n`,
    );
    expect(error).toBeInstanceOf(AlliError);
    expectNoKeyPiece(renderings(error));
  });
});

describe("server text in the SDK's own messages", () => {
  it("a repeated cursor that is the key", async () => {
    answer = () => ({ status: 200, body: JSON.stringify({ conversations: [{ id: "c1" }], cursor: KEY }) });
    const error = await failureOf(client().paginate("/webapi/v2/conversations", {}));
    expect(error).toBeInstanceOf(AlliError);
    expectNoKeyPiece(renderings(error));
  });

  it.each([
    ["a CSV cell that is not a date-time", `createdAt,method\n${KEY},GET\n`],
    ["a header that names a column twice", `${KEY},${KEY}\n1,2\n`],
    ["a cell with the key past the excerpt's cut", `createdAt,method\n${"x".repeat(50)}${KEY},GET\n`],
    ["a ragged row holding the key", `createdAt,method\n2026-01-05T09:30:00Z,GET,${KEY}\n`],
  ])("CSV rows: %s", async (_what, csv) => {
    answer = () => ({ status: 200, headers: { "content-type": "text/csv" }, body: csv });
    const error = await failureOf(client().auditLogs.rows());
    expect(error).toBeInstanceOf(AlliError);
    expectNoKeyPiece(renderings(error));
  });
});

describe("secrets across cuts and in other forms", () => {
  it("an error body with the key across its 1 MiB cut", async () => {
    answer = () => ({
      status: 400,
      headers: { "content-type": "text/plain" },
      body: `${"x".repeat(1024 * 1024 - 10)}${KEY}${"x".repeat(100)}`,
    });
    const error = (await getApp().catch((e: unknown) => e)) as AlliError;
    expect(error.bodyTruncated).toBe(true);
    expectNoKeyPiece(renderings(error));
  });

  it("a cursor with the key past the quote's cut", async () => {
    answer = () => ({
      status: 200,
      body: JSON.stringify({ conversations: [{ id: "c1" }], cursor: `${"c".repeat(60)}${KEY}` }),
    });
    const error = await failureOf(client().paginate("/webapi/v2/conversations", {}));
    expectNoKeyPiece(renderings(error));
  });

  it("a URL-encoded key in a Location", async () => {
    const key = "sk-live+7f3a/9c2e=41b84d6f9a0e5c3b";
    answer = (url) => ({
      status: 302,
      headers: { location: `${url.split("?")[0]}?k=${encodeURIComponent(key)}` },
      body: "",
    });
    lines.length = 0;
    const alli = createAlliClient({
      apiKey: key,
      baseUrl: server.url,
      maxRetries: 0,
      logger: { debug: (line) => lines.push(line) },
    });
    const error = await alli
      .GET("/webapi/v2/apps/{app_id}", { params: { path: { app_id: "a" } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlliError);
    const shown = `${renderings(error)}\n${lines.join("\n")}`;
    expect(shown).not.toContain(encodeURIComponent(key));
    expect(shown).not.toContain(key);
  });

  it("a header value that carries a credential is never quoted", () => {
    expect(() => createAlliClient({ apiKey: KEY, headers: { "X-Api-Key": `${KEY}\n` } })).toThrow(/CR or LF/);
    try {
      createAlliClient({ apiKey: "k-other-0000", headers: { Authorization: "Bearer tok-SECRET-abcdef\n" } });
    } catch (error) {
      expect(renderings(error)).not.toContain("tok-SECRET");
    }
  });

  it.each([
    "http://admin:hun/ter2@example.com",
    "http://admin:p@ss@example.com:99999",
    "http://h.example/?token=tok-SECRET-123",
    "ftp://admin:hunter2@example.com",
  ])("a baseUrl %j is refused without showing its secret parts, in the SDK and the CLI", async (baseUrl) => {
    let error: unknown;
    try {
      createAlliClient({ apiKey: "k-1234", baseUrl });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AlliError);
    const { runCli } = await import("../../src/cli/run-cli.js");
    let stderr = "";
    const code = await runCli(["audit-logs", "export", "--out", "x.csv", "--base-url", baseUrl], {
      env: { ALLI_API_KEY: "k-1234" },
      stdout: { write: () => true },
      stderr: { write: (text: string) => (stderr += text) },
      onInterrupt: () => () => {},
    });
    expect(code).toBe(2);
    for (const secret of ["hun/ter2", "ter2", "p@ss", "tok-SECRET", "hunter2"]) {
      expect(renderings(error)).not.toContain(secret);
      expect(stderr).not.toContain(secret);
    }
  });
});
