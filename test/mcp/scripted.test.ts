/**
 * `alli mcp` against scripted loopback servers, through the MCP SDK's stdio Client: retries, errors, an echoed key,
 * an answer that drifts from the spec, the page size from maxItems, the identity flags and a collected stream.
 */
import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { startServer, type Handler, type ScriptedServer } from "../helpers/http-server.js";
import { closeChecked, connect, KEY, textOf, type Connected } from "./mcp-client.js";

let api: ScriptedServer | undefined;
let session: Connected | undefined;
afterEach(async () => {
  await closeChecked(session);
  await api?.close();
  [api, session] = [undefined, undefined];
});
async function start(handler: Handler, ...args: string[]) {
  api = await startServer(handler);
  session = await connect(["--base-url", api.url, ...args]);
  return session.client;
}
function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
}
const APP = { id: "app_1", name: "Helper", category: "support", published: true };

describe("alli mcp against scripted servers", () => {
  it("waits out a 429 (Retry-After: 0) and answers with the retry's body", async () => {
    const client = await start((_req, res, _body, index) =>
      index === 0 ? json(res, 429, { errors: "slow down" }, { "retry-after": "0" }) : json(res, 200, APP),
    );
    const result = await client.callTool({ name: "getApp", arguments: { app_id: "app_1" } });
    expect(result.structuredContent).toEqual(APP);
    expect(api!.requests.map((r) => r.url)).toEqual(["/webapi/v2/apps/app_1", "/webapi/v2/apps/app_1"]);
  });

  it("never passes on the key a server echoes, in an answer (values and keys) or in an error", async () => {
    const client = await start((req, res) =>
      req.url!.startsWith("/webapi/v2/apps/")
        ? json(res, 200, { ...APP, name: `key ${KEY}`, [KEY]: KEY })
        : json(res, 403, { errors: `the key ${KEY} may not read credits` }),
    );
    const app = await client.callTool({ name: "getApp", arguments: { app_id: "app_1" } });
    expect(app.structuredContent).toEqual({ ...APP, name: "key [redacted]", "[redacted]": "[redacted]" });
    const denied = await client.callTool({ name: "getCreditBalance", arguments: {} });
    expect(denied.isError).toBe(true);
    expect(textOf(denied)).toContain("the key [redacted] may not read credits");
    expect(api!.requests[0]!.headers["api-key"]).toBe(KEY); // it was sent, and only there
  });

  it("an answer missing documented fields is structured; one whose types drift is a tool error saying so", async () => {
    const client = await start((req, res) =>
      json(res, 200, req.url!.endsWith("/sparse") ? { id: "sparse" } : { ...APP, name: 42 }),
    );
    const sparse = await client.callTool({ name: "getApp", arguments: { app_id: "sparse" } });
    expect(sparse.structuredContent).toEqual({ id: "sparse" });
    const drifted = await client.callTool({ name: "getApp", arguments: { app_id: "odd" } });
    expect(drifted.isError).toBe(true);
    expect(drifted.structuredContent).toBeUndefined();
    expect(textOf(drifted)).toMatch(
      /^getApp: the answer drifted from the spec \(.*name.*string.*\); the answer as sent:/,
    );
    expect(textOf(drifted)).toContain('"name":42');
  });

  it("an error answer is a tool error with the SDK's one-line message, and the server goes on", async () => {
    const client = await start((req, res) =>
      req.url!.includes("missing") ? json(res, 404, { errors: "no such app" }) : json(res, 200, APP),
    );
    const missing = await client.callTool({ name: "getApp", arguments: { app_id: "missing" } });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/^[^\n]*404[^\n]*no such app[^\n]*$/);
    expect((await client.callTool({ name: "getApp", arguments: { app_id: "a" } })).structuredContent).toEqual(APP);
  });

  it("an answer with no content, where the spec documents an object, is a result the client accepts", async () => {
    const client = await start((_req, res) => void res.writeHead(204).end());
    const result = await client.callTool({ name: "getApp", arguments: { app_id: "app_1" } });
    expect(result.isError).toBeUndefined();
    expect(textOf(result)).toBe("done: GET /webapi/v2/apps/{app_id} answered no content");
  });

  it("maxItems asks for a page of that size; the identity flags go with every call", async () => {
    const client = await start(
      (_req, res) => json(res, 200, { conversations: [{ id: "c1" }, { id: "c2" }], cursor: "next-2" }),
      "--own-user-id",
      "user-7",
      "--user-email",
      "u7@example.com",
    );
    const page = await client.callTool({
      name: "listConversations",
      arguments: { maxItems: 2, order: "LAST_CHAT_TIME_ASC" },
    });
    expect(page.structuredContent).toMatchObject({
      conversations: [{ id: "c1" }, { id: "c2" }],
      nextPage: { cursor: "next-2" },
    });
    const url = new URL(api!.requests[0]!.url, "http://x");
    expect(Object.fromEntries(url.searchParams)).toEqual({ pageSize: "2", order: "LAST_CHAT_TIME_ASC" });
    expect(api!.requests[0]!.headers).toMatchObject({ "own-user-id": "user-7", "user-email": "u7@example.com" });
  });

  it("a streamed answer is collected into its text, cut past the size limit", async () => {
    const piece = "x".repeat(30_000);
    const client = await start((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (const content of ["Hello, ", piece, piece])
        res.write(`data: ${JSON.stringify({ choices: [{ delta: { content } }] })}\n\n`);
      res.end("data: [DONE]\n\n");
    }, "--allow-writes");
    const messages = [{ role: "user", content: "hi" }];
    const result = await client.callTool({ name: "createChatCompletion", arguments: { messages, mode: "stream" } });
    expect(result.isError).toBeUndefined();
    expect(textOf(result)).toMatch(/^Hello, x+…$/);
    expect(textOf(result)).toHaveLength(50_001);
    expect(JSON.parse(api!.requests[0]!.body.toString())).toMatchObject({ messages, mode: "stream" });
  });
});
