/**
 * Bad input never leaves the process: each case below is an InvalidInputError naming the field
 * and the rule, raised before anything reaches the (scripted loopback) server, and never retried.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAlliClient, InvalidInputError, type AlliClient } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

let server: ScriptedServer;
let alli: AlliClient;
beforeAll(async () => {
  server = await startServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end("{}");
  });
  alli = createAlliClient({ apiKey: "input-key", baseUrl: server.url });
});
beforeEach(() => {
  server.requests.length = 0;
});
afterAll(() => server.close());

/** Runs `call`, expects InvalidInputError on `field` matching `rule`, and that nothing was sent. */
async function refused(call: () => unknown, field: string, rule?: RegExp): Promise<void> {
  const error = await (async () => call())()
    .then(
      async (result) => {
        // A stream or a walk fails on its first read.
        if (result && typeof result === "object" && Symbol.asyncIterator in result)
          for await (const _ of result as AsyncIterable<unknown>) void _;
        return undefined;
      },
      (e: unknown) => e,
    )
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidInputError);
  expect((error as InvalidInputError).field).toBe(field);
  if (rule) expect((error as Error).message).toMatch(rule);
  expect(server.requests).toHaveLength(0);
}

describe("path parameters", () => {
  const deleteChat = (chatId: unknown) =>
    alli.DELETE("/webapi/v2/conversations/{conversation_id}/chats/{chat_id}", {
      params: { path: { conversation_id: "c1", chat_id: chatId as string } },
    });
  it.each([
    ["..", /must not be "\.\."/],
    [".", /must not be "\."/],
    ["", /must not be empty/],
    [undefined, /is required/],
    [null, /is required/],
    [Number.NaN, /finite number/],
    [{ id: 1 }, /is required/],
  ])("chat_id %j", async (value, rule) => refused(() => deleteChat(value), "path.chat_id", rule));

  it("characters are percent-encoded, so a slash stays inside the parameter", async () => {
    // (A ".." segment between the slashes is refused instead: core-round3.test.ts.)
    await alli.GET("/webapi/v2/apps/{app_id}", { params: { path: { app_id: "a/b c?" } } });
    expect(server.requests[0]!.url).toBe("/webapi/v2/apps/a%2Fb%20c%3F");
  });
});

describe("query parameters, for every operation, in calls, walks and streams", () => {
  it.each([
    [{ pageSize: 0 }, "query.pageSize", /must be an integer from 1 to 50, got 0/],
    [{ pageSize: 1000 }, "query.pageSize", /from 1 to 50, got 1000/],
    [{ pageSize: "ten" }, "query.pageSize", /must be an integer/],
    [{ pageSiz: 10 }, "query.pageSiz", /is not a query parameter of listConversations/],
  ])("listConversations %j", async (query, field, rule) => {
    await refused(() => alli.GET("/webapi/v2/conversations", { params: { query: query as never } }), field, rule);
    await refused(() => alli.paginate("/webapi/v2/conversations", { params: { query: query as never } }), field, rule);
  });

  it("list audit logs: beforeRange 40 and limit 5000", async () => {
    await refused(
      () => alli.GET("/webapi/v2/audit/logs", { params: { query: { beforeRange: 40 } } }),
      "query.beforeRange",
      /from 1 to 31/,
    );
    await refused(
      () => alli.GET("/webapi/v2/audit/logs", { params: { query: { limit: 5000 } as never } }),
      "query.limit",
    );
  });

  it("a stream's JSON body: a field of the wrong type", async () => {
    await refused(
      () => alli.stream("/webapi/v2/chat/completions", { body: { messages: "hi" as never } }),
      "body.messages",
      /must be an array/,
    );
  });

  it("a JSON body missing a required field", async () => {
    await refused(() => alli.POST("/webapi/skill", { body: { text: "x" } as never }), "body.id", /is required/);
  });
});

describe("headers", () => {
  it.each([
    ["NUL", "a\u0000b"],
    ["DEL", "a\u007fb"],
    ["LF", "a\nb"],
    ["non-Latin-1", "김@x.com"],
  ])("a %s in USER-EMAIL", async (_what, value) => {
    await refused(() => alli.GET("/webapi/v2/projects", { user: { userEmail: value } }), "headers.USER-EMAIL");
    await refused(() => alli.GET("/webapi/v2/projects", { headers: { "X-Tenant": value } }), "headers.X-Tenant");
  });

  it.each(["Bad Name", "X-A\r\nX-Injected", "X-é", ""])("a header name %j", async (name) => {
    await refused(
      () => alli.GET("/webapi/v2/projects", { headers: { [name]: "v" } }),
      `headers.${JSON.stringify(name).slice(1, -1)}`,
      /not a valid header name/,
    );
  });

  it("OWN-USER-ID keeps its documented base64 form for non-ASCII", async () => {
    await alli.GET("/webapi/v2/projects", { user: { ownUserId: "김민수" } });
    expect(server.requests[0]!.headers["own-user-id"]).toBe(`base64:${Buffer.from("김민수").toString("base64")}`);
  });

  it("a key that is not Latin-1 fails at construction without showing it", () => {
    const error = (() => {
      try {
        createAlliClient({ apiKey: "키-secret-value", baseUrl: server.url });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).not.toContain("secret-value");
  });
});

describe("options", () => {
  it.each([
    "",
    "not a url",
    "127.0.0.1:4010",
    "ftp://files.example.com",
    "http://h.example?x=1",
    "http://h.example/#frag",
    "http://user:hunter2@h.example",
  ])("baseUrl %j is refused at construction", (baseUrl) => {
    let error: unknown;
    try {
      createAlliClient({ apiKey: "k", baseUrl });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe("baseUrl");
    expect((error as Error).message).not.toContain("hunter2");
  });

  it("a baseUrl path prefix is kept", async () => {
    await createAlliClient({ apiKey: "k", baseUrl: `${server.url}/alli/` }).GET("/webapi/v2/projects");
    expect(server.requests[0]!.url).toBe("/alli/webapi/v2/projects");
  });

  it.each([
    ["maxRetries", { maxRetries: Infinity }],
    ["maxRetries", { maxRetries: 11 }],
    ["timeout", { timeout: -1 }],
  ])("per call, %s %j", async (field, options) => refused(() => alli.GET("/webapi/v2/projects", options), field));

  it("per stream, idleTimeout", async () =>
    refused(
      () => alli.stream("/webapi/v2/chat/completions", { body: { messages: [] } }, { idleTimeout: -5 }),
      "options.idleTimeout",
    ));

  it("a path without a leading slash", async () => refused(() => alli.GET("webapi/v2/projects" as never), "path"));

  it.each([
    ["a BigInt", { id: "s", text: "t", weight: 10n }],
    [
      "a cycle",
      (() => {
        const body: Record<string, unknown> = { id: "s", text: "t" };
        body.self = body;
        return body;
      })(),
    ],
  ])("a body with %s", async (_what, body) =>
    refused(() => alli.POST("/webapi/skill", { body: body as never }), "body", /JSON-serialisable/),
  );

  it("a bad proxy variable fails at construction, naming it", () => {
    const saved = process.env.ALL_PROXY;
    process.env.ALL_PROXY = "http://[not-a-host";
    try {
      expect(() => createAlliClient({ apiKey: "k", baseUrl: server.url })).toThrow(InvalidInputError);
      expect(() => createAlliClient({ apiKey: "k", baseUrl: server.url })).toThrow(/ALL_PROXY/);
    } finally {
      if (saved === undefined) delete process.env.ALL_PROXY;
      else process.env.ALL_PROXY = saved;
    }
  });
});
