/**
 * Six operations document `errors` in their 200 body ("Error information if the request fails"): a 200 with it set
 * is a failure, for the methods and the path map alike, and is never retried; null or empty is a success.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import spec from "../../openapi/alli.openapi.json" with { type: "json" };
import { APIError, createAlliClient, ReportedError, type AlliClient } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

let answer: unknown;
let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "x-request-id": "req_7" });
    res.end(JSON.stringify(answer));
  });
});
afterAll(() => server.close());
const client = () => createAlliClient({ apiKey: "k", baseUrl: server.url, maxRetries: 3 });

// The six the pages document, each called with its required fields.
const calls: Array<[string, (alli: AlliClient) => Promise<unknown>]> = [
  ["startConversation", (alli) => alli.startConversation({ placement: "faq" })],
  ["sendChat", (alli) => alli.sendChat({ message: "hi", conversationId: "c1" })],
  ["endConversationByAgent", (alli) => alli.endConversationByAgent({ id: "c1" })],
  ["runSkill", (alli) => alli.runSkill({ id: "s1", text: "hi" }, { idempotent: true })],
  ["summaryAnalytics", (alli) => alli.summaryAnalytics({})],
  ["conversationDailyCount", (alli) => alli.conversationDailyCount({})],
];

describe("a 200 whose documented errors field is set", () => {
  it("is marked in the spec for exactly the six operations that document it, by the field's name", () => {
    const marked = Object.values(spec.paths).flatMap((item) =>
      Object.values(item as Record<string, { operationId: string; "x-alli-error-field"?: string }>)
        .filter((op) => op["x-alli-error-field"])
        .map((op) => [op.operationId, op["x-alli-error-field"]]),
    );
    expect(Object.fromEntries(marked)).toEqual(Object.fromEntries(calls.map(([id]) => [id, "errors"])));
  });

  it.each(calls)(
    "%s rejects with ReportedError carrying the server's words, the errors and the body",
    async (_id, send) => {
      const errors = _id === "runSkill" ? ["skill not found", "quota"] : { message: "conversation is closed" };
      answer = { result: null, errors };
      const before = server.requests.length;
      const error = await send(client()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ReportedError);
      expect(error).toBeInstanceOf(APIError);
      expect(error).toMatchObject({
        status: 200,
        errors,
        body: answer,
        requestId: "req_7",
        operation: { operationId: _id },
      });
      const words = _id === "runSkill" ? "skill not found; quota" : "conversation is closed";
      expect((error as Error).message).toContain(words);
      expect(server.requests.length - before).toBe(1); // never retried, even idempotent with retries left
    },
  );

  it.each([null, [], {}, "", undefined])("is a success when errors is %j", async (errors) => {
    for (const [, send] of calls) {
      answer = { result: "ok", errors };
      await expect(send(client())).resolves.toEqual(answer);
    }
  });

  it("rejects on the path map too, and an operation that does not document errors ignores the field", async () => {
    answer = { errors: "blocked" };
    const alli = client();
    const error = await alli.POST("/webapi/skill", { body: { id: "s1", text: "hi" } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ReportedError", errors: "blocked", status: 200 });
    await expect(alli.GET("/webapi/v2/projects")).resolves.toMatchObject({ data: { errors: "blocked" } });
  });

  it.each([
    [false, "false"],
    [["", " "], '[""," "]'],
  ])("says what errors held when it has no words: %j", async (errors, said) => {
    answer = { errors };
    const error = await client()
      .runSkill({ id: "s1", text: "hi" })
      .catch((e: unknown) => e);
    const message = (error as Error).message;
    expect(message.slice(message.indexOf("it failed: ") + "it failed: ".length)).toBe(said);
  });

  it("redacts the key if the server echoes it in the errors", async () => {
    answer = { errors: ["bad key secret-key-123456"] };
    const alli = createAlliClient({ apiKey: "secret-key-123456", baseUrl: server.url });
    const error = (await alli.runSkill({ id: "s1", text: "hi" }).catch((e: unknown) => e)) as ReportedError;
    expect(JSON.stringify([error.message, error.errors, error.body])).not.toContain("secret-key-123456");
  });
});
