/** The methods at run time, against a scripted loopback server: what they send, return and refuse. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAlliClient, InvalidInputError } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer((req, res, body) => {
    const url = new URL(req.url!, "http://x");
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", "x-request-id": "req_1", ...headers });
      res.end(JSON.stringify(value));
    };
    if (url.pathname === "/webapi/v2/conversations") {
      // Three pages of two, by cursor.
      const cursor = url.searchParams.get("cursor");
      const page = cursor === null ? 0 : Number(cursor);
      return json(200, {
        conversations: [{ id: `c${page * 2}` }, { id: `c${page * 2 + 1}` }],
        cursor: page < 2 ? String(page + 1) : null,
      });
    }
    if (url.pathname === "/webapi/v2/chat/completions") {
      const { mode } = JSON.parse(body.toString()) as { mode?: string };
      if (mode === "stream") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.end('data: {"content":"Hel"}\n\ndata: {"content":"lo"}\n\ndata: [DONE]\n\n');
        return;
      }
      return json(200, { choices: [{ message: { content: "Hello" } }] });
    }
    if (url.pathname === "/webapi/v2/audit/logs/download") {
      res.writeHead(200, { "content-type": "text/csv" });
      res.end("id,createdAt\nlog_1,2026-01-05T09:30:00Z\n");
      return;
    }
    if (url.pathname.startsWith("/webapi/v2/llm_prompts/") && req.method === "DELETE") {
      res.writeHead(204);
      res.end();
      return;
    }
    if (url.pathname === "/webapi/v2/apps/missing") return json(404, { errors: "no such app" });
    // Documented without content, answered with some anyway.
    if (url.pathname === "/webapi/v2/conversations/conv_1/stop") return json(200, { success: true });
    if (url.pathname.startsWith("/webapi/v2/conversation_categories/")) {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("OK");
      return;
    }
    return json(200, { echo: { method: req.method, path: url.pathname, query: url.search } });
  });
});
afterAll(() => server.close());
let before = 0;
afterEach(() => {
  before = server.requests.length;
});
const sent = () => server.requests.slice(before);

const alli = () => createAlliClient({ apiKey: "k", baseUrl: server.url, maxRetries: 0 });

describe("a plain method", () => {
  it("resolves to the parsed body; withResponse() adds the response and the request id, from the same single request", async () => {
    const client = alli();
    const promise = client.getConversation("conv 1", { variables: ["title"] });
    const body = await promise;
    const { data, response, requestId } = await promise.withResponse();
    expect(body).toEqual({
      echo: { method: "GET", path: "/webapi/v2/conversations/conv%201", query: "?variables=title" },
    });
    expect(data).toBe(body);
    expect(response.status).toBe(200);
    expect(requestId).toBe("req_1");
    expect(sent()).toHaveLength(1);
  });

  it("puts query parameters in the query and every other key in the body", async () => {
    await alli().updateConversation("conv_1", { title: "Renamed", state: "eb" });
    const [request] = sent();
    expect(request!.method).toBe("PATCH");
    expect(request!.url).toBe("/webapi/v2/conversations/conv_1");
    expect(JSON.parse(request!.body.toString())).toEqual({ title: "Renamed", state: "eb" });
  });

  it("sends a GET's documented body (summary analytics) and a required body even when no field is given", async () => {
    await alli().summaryAnalytics({ startDate: "2026-01-01", endDate: "2026-01-31" });
    await alli().runApp("app_1");
    const [summary, run] = sent();
    expect(summary!.method).toBe("GET");
    expect(JSON.parse(summary!.body.toString())).toEqual({ startDate: "2026-01-01", endDate: "2026-01-31" });
    expect(JSON.parse(run!.body.toString())).toEqual({});
  });

  it("an empty answer resolves to undefined; the CSV download to its text", async () => {
    await expect(alli().deleteLlmPrompt("p1")).resolves.toBeUndefined();
    await expect(alli().downloadAuditLogs({ beforeRange: 7 })).resolves.toBe(
      "id,createdAt\nlog_1,2026-01-05T09:30:00Z\n",
    );
    expect(sent()[1]!.headers.accept).toBe("text/csv");
  });

  it("an answer the spec documents without content is undefined, whatever the server sends", async () => {
    await expect(alli().stopConversation("conv_1")).resolves.toBeUndefined();
    await expect(alli().deleteConversationCategory("cat_1")).resolves.toBeUndefined();
  });

  it("a POST on a paginated path (create LLM prompt beside the list) is a plain call, sent at once", async () => {
    const created = alli().createLlmPrompt({ name: "Greeting" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent().map((r) => `${r.method} ${r.url}`)).toEqual(["POST /webapi/v2/llm_prompts"]);
    await created;
  });

  it("fails with the status's error class, on await and on withResponse()", async () => {
    const promise = alli().getApp("missing");
    await expect(promise).rejects.toMatchObject({ name: "NotFoundError", status: 404 });
    await expect(promise.withResponse()).rejects.toMatchObject({ name: "NotFoundError" });
  });

  it("reads per-call headers given as a Headers or as pairs too (JavaScript callers)", async () => {
    await (alli().getApp as (...a: unknown[]) => Promise<unknown>)("a1", { headers: new Headers({ "X-Trace": "h1" }) });
    await (alli().getApp as (...a: unknown[]) => Promise<unknown>)("a1", { headers: [["X-Trace", "h2"]] });
    expect(sent().map((r) => r.headers["x-trace"])).toEqual(["h1", "h2"]);
  });

  it("takes the per-call options as its last argument", async () => {
    await alli().getApp("a1", { headers: { "X-Trace": "t1" }, user: { userEmail: "u@example.com" }, timeout: 5_000 });
    expect(sent()[0]!.headers).toMatchObject({ "x-trace": "t1", "user-email": "u@example.com" });
  });
});

describe("bad input is refused before the network, naming the field", () => {
  it.each([
    [
      "a missing path parameter",
      (c: ReturnType<typeof alli>) => (c.getConversationChat as (...a: unknown[]) => Promise<unknown>)("conv_1"),
      "path.chat_id",
    ],
    [
      "an unknown query parameter",
      (c: ReturnType<typeof alli>) => (c.listLlmPrompts as (...a: unknown[]) => Promise<unknown>)({ pageSize: 10 }),
      "query.pageSize",
    ],
    [
      "a wrong type",
      (c: ReturnType<typeof alli>) =>
        (c.listConversations as (...a: unknown[]) => Promise<unknown>)({ pageSize: "10" }),
      "query.pageSize",
    ],
    [
      "params that are not an object",
      (c: ReturnType<typeof alli>) => (c.getConversation as (...a: unknown[]) => Promise<unknown>)("conv_1", "title"),
      "params",
    ],
    [
      "an option the SDK does not have",
      (c: ReturnType<typeof alli>) => (c.getApp as (...a: unknown[]) => Promise<unknown>)("a1", { mode: "cors" }),
      "options.mode",
    ],
    [
      "a stream option on a sync call",
      (c: ReturnType<typeof alli>) =>
        (c.createChatCompletion as (...a: unknown[]) => Promise<unknown>)({ messages: [] }, { keepEvents: 5 }),
      "options.keepEvents",
    ],
  ])("%s", async (_what, run, field) => {
    const error = await Promise.resolve()
      .then(() => run(alli()))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe(field);
    expect(sent()).toHaveLength(0);
  });
});

describe("a paginated method", () => {
  it("sends nothing until used; awaited, it is the first page's body", async () => {
    const listing = alli().listConversations({ pageSize: 2 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent()).toHaveLength(0);
    const first = await listing;
    expect(first).toEqual({ conversations: [{ id: "c0" }, { id: "c1" }], cursor: "1" });
    expect(sent()).toHaveLength(1);
  });

  it("iterated, gives every item across pages; .pages() gives the pages; each loop walks afresh", async () => {
    const listing = alli().listConversations({ pageSize: 2 });
    const ids: string[] = [];
    for await (const conversation of listing) ids.push(conversation.id);
    expect(ids).toEqual(["c0", "c1", "c2", "c3", "c4", "c5"]);
    const pages = [];
    for await (const page of listing.pages()) pages.push(page.position);
    expect(pages).toEqual([{ cursor: null }, { cursor: "1" }, { cursor: "2" }]);
    expect(sent().map((r) => new URL(r.url, "http://x").searchParams.get("cursor"))).toEqual([
      null,
      "1",
      "2",
      null,
      "1",
      "2",
    ]);
  });

  it("takes the walk's options beside the call's", async () => {
    const ids: string[] = [];
    for await (const conversation of alli().listConversations(
      { pageSize: 2 },
      { maxItems: 3, resumeFrom: { cursor: "1" }, timeout: 5_000 },
    ))
      ids.push(conversation.id);
    expect(ids).toEqual(["c2", "c3", "c4"]);
  });
});

describe("a streaming method", () => {
  it('with mode: "stream" returns the stream alli.stream gives; without, the JSON body', async () => {
    const stream = alli().createChatCompletion({ messages: [{ role: "user", content: "hi" }], mode: "stream" });
    expect(await stream.text()).toBe("Hello");
    const sync = await alli().createChatCompletion({ messages: [{ role: "user", content: "hi" }] });
    expect(sync).toEqual({ choices: [{ message: { content: "Hello" } }] });
    const [streamed, plain] = sent();
    expect(streamed!.headers.accept).toContain("text/event-stream");
    expect(JSON.parse(plain!.body.toString())).toEqual({ messages: [{ role: "user", content: "hi" }] });
  });

  it("takes the stream's options (parseEvent, keepEvents, idleTimeout) beside the call's", async () => {
    const events: string[] = [];
    for await (const event of alli().createChatCompletion(
      { messages: [], mode: "stream" },
      { parseEvent: (e) => JSON.stringify(e), keepEvents: 1, timeout: 5_000 },
    ))
      events.push(event);
    expect(events).toEqual(['{"content":"Hel"}', '{"content":"lo"}']);
  });
});

describe("the path map", () => {
  it("reads the CSV download as text too, unless told otherwise", async () => {
    const { data } = await alli().GET("/webapi/v2/audit/logs/download", { params: { query: { beforeRange: 7 } } });
    expect(data).toBe("id,createdAt\nlog_1,2026-01-05T09:30:00Z\n");
    const { data: bytes } = await alli().GET("/webapi/v2/audit/logs/download", {
      parseAs: "arrayBuffer",
      headers: { Accept: "text/plain" },
    });
    expect(new TextDecoder().decode(bytes as ArrayBuffer)).toBe("id,createdAt\nlog_1,2026-01-05T09:30:00Z\n");
    expect(sent().map((r) => r.headers.accept)).toEqual(["text/csv", "text/plain"]);
  });
});
