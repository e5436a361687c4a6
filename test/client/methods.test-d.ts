/** Type-level: the one-method-per-operation surface, typed end to end from the spec. */
import { describe, expectTypeOf, it } from "vitest";
import {
  createAlliClient,
  type AlliClient,
  type AlliStream,
  type APIPromise,
  type components,
  type MethodParams,
  type operations,
  type PagePromise,
  type Page,
  type PageItem,
} from "../../src/index.js";
import type { CLIENT_MEMBERS } from "../../scripts/lib/client-members.js";
import type { OperationMethods } from "../../generated/methods.js";

const alli = createAlliClient({ apiKey: "k" });

describe("one method per operation", () => {
  it("takes path parameters positionally and resolves to the parsed body", async () => {
    expectTypeOf(alli.getConversation("c")).toEqualTypeOf<APIPromise<components["schemas"]["Conversation"]>>();
    const chat = await alli.getConversationChat("c", "chat");
    expectTypeOf(chat).toEqualTypeOf<components["schemas"]["ChatDetail"]>();
    const { data, response, requestId } = await alli.getApp("a").withResponse();
    expectTypeOf(data.name).toEqualTypeOf<string>();
    expectTypeOf(response).toEqualTypeOf<Response>();
    expectTypeOf(requestId).toEqualTypeOf<string | undefined>();
  });

  it("takes query parameters and body fields in one params object", async () => {
    void alli.summaryAnalytics({ startDate: "2026-01-01", endDate: "2026-01-31" });
    void alli.runApp("app", { inputs: { text: "hi" }, mode: "sync" });
    void alli.getConversation("c", { variables: ["title"] }, { timeout: 5_000, headers: { "X-Trace": "1" } });
    expectTypeOf<MethodParams<operations["listConversations"]>["pageSize"]>().toEqualTypeOf<number | undefined>();
  });

  it("refuses what the spec does not allow", () => {
    // @ts-expect-error a missing path parameter
    void alli.getConversationChat("c");
    // @ts-expect-error a missing path parameter, with nothing else
    void alli.getApp();
    // @ts-expect-error an unknown query parameter
    void alli.listConversations({ pageSizes: 10 });
    // @ts-expect-error a wrong type (pageSize is a number)
    void alli.listConversations({ pageSize: "10" });
    // @ts-expect-error a required body field is missing (messages)
    void alli.createChatCompletion({ model: "gpt4_o" });
    // @ts-expect-error a wrong enum value
    void alli.createChatCompletion({ messages: [{ role: "robot", content: "x" }] });
    // @ts-expect-error an operation without params takes only options, which have no `id`
    void alli.getProject({ id: "p" });
    // @ts-expect-error the options are the SDK's own (`mode` is a body field of runApp)
    void alli.runApp("app", {}, { mode: "stream" });
  });

  it("an empty answer is undefined; a sync call of a streaming operation is its JSON only; the CSV download is text", async () => {
    expectTypeOf(await alli.deleteLlmPrompt("p")).toEqualTypeOf<undefined>();
    expectTypeOf(await alli.deleteConversationChat("c", "d")).toEqualTypeOf<undefined>();
    const completion = await alli.createChatCompletion({ messages: [{ role: "user", content: "hi" }] });
    expectTypeOf(completion).not.toBeString();
    expectTypeOf(completion).toEqualTypeOf<{ [key: string]: unknown }>();
    const answer = await alli.getGenerativeAnswer({ query: "q" });
    expectTypeOf(answer.answerHash).toEqualTypeOf<string | undefined>();
    expectTypeOf(await alli.downloadAuditLogs({ beforeRange: 7 })).toEqualTypeOf<string>();
  });
});

describe("paginated methods", () => {
  it("await the first page's body, iterate every item, walk the pages", async () => {
    const listing = alli.listConversations({ pageSize: 10 });
    expectTypeOf(listing).toEqualTypeOf<PagePromise<"/webapi/v2/conversations">>();
    const first = await listing;
    expectTypeOf(first.conversations).toEqualTypeOf<components["schemas"]["Conversation"][]>();
    for await (const conversation of listing)
      expectTypeOf(conversation).toEqualTypeOf<PageItem<"/webapi/v2/conversations">>();
    for await (const page of alli.listLlmPrompts({ limit: 20 }, { maxPages: 2 }).pages())
      expectTypeOf(page).toEqualTypeOf<Page<"/webapi/v2/llm_prompts">>();
    void alli.listConversations({}, { resumeFrom: { cursor: "abc" }, lookAhead: true, maxItems: 100 });
    // @ts-expect-error a cursor-style walk resumes from a cursor, not an offset
    void alli.listConversations({}, { resumeFrom: { offset: 10 } });
  });
});

describe("streaming methods", () => {
  it("return the stream when the params say so, else the JSON body", () => {
    expectTypeOf(alli.createChatCompletion({ messages: [], mode: "stream" })).toEqualTypeOf<AlliStream<unknown>>();
    expectTypeOf(alli.createChatCompletion({ messages: [], mode: "sync" })).toEqualTypeOf<
      APIPromise<{ [key: string]: unknown }>
    >();
    expectTypeOf(alli.runApp("app", { mode: "stream" })).toEqualTypeOf<AlliStream<unknown>>();
    // run_conversation always streams
    expectTypeOf(alli.runConversation("app", { message: "hi" })).toEqualTypeOf<AlliStream<unknown>>();
  });

  it("a trigger known only at run time gives either answer", () => {
    const mode = Math.random() > 0.5 ? ("sync" as const) : ("stream" as const);
    expectTypeOf(alli.createChatCompletion({ messages: [], mode })).toEqualTypeOf<
      AlliStream<unknown> | APIPromise<{ [key: string]: unknown }>
    >();
  });

  it("types generative answer's events by the sync answer's schema, all fields optional", async () => {
    for await (const event of alli.getGenerativeAnswer({ query: "q", mode: "stream" })) {
      expectTypeOf(event).toEqualTypeOf<
        operations["getGenerativeAnswer"]["responses"][200]["content"]["application/json"]
      >();
      expectTypeOf(event.threadId).toEqualTypeOf<string | undefined>();
    }
    for await (const event of alli.stream("/webapi/generative_answer", { body: { query: "q" } }))
      expectTypeOf(event.confidence).toEqualTypeOf<number | undefined>();
  });

  it("a parseEvent types the events", () => {
    const stream = alli.createChatCompletion(
      { messages: [], mode: "stream" },
      { parseEvent: (event) => String(event) },
    );
    expectTypeOf(stream).toEqualTypeOf<AlliStream<string>>();
  });
});

describe("uploads", () => {
  it("files take a Blob, File, Buffer, Uint8Array or path, and choices a number[]", () => {
    void alli.runConversation("app", {
      files: [new Blob(["x"]), new File(["x"], "x.txt"), Buffer.from("x"), new Uint8Array([1]), "./logs.csv"],
      media_files: ["./photo.png"],
      choices: [0, 1],
    });
    void alli.POST("/webapi/v2/apps/{app_id}/run_conversation", {
      params: { path: { app_id: "a" } },
      body: { files: ["./logs.csv"], choices: [0, 1] },
    });
    // @ts-expect-error a file is not a number
    void alli.runConversation("app", { files: [42] });
    // @ts-expect-error choices are indices
    void alli.runConversation("app", { choices: ["first"] });
  });
});

describe("the path map's data", () => {
  it("is the text of a non-JSON answer, as the methods' is", async () => {
    expectTypeOf((await alli.GET("/webapi/v2/audit/logs/download")).data).toEqualTypeOf<string>();
    const completion = await alli.POST("/webapi/v2/chat/completions", { body: { messages: [] } });
    expectTypeOf(completion.data).toEqualTypeOf<{ [key: string]: unknown }>();
  });
});

describe("the path map's init", () => {
  it("offers only what the SDK honours", () => {
    void alli.GET("/webapi/v2/projects", { timeout: 1_000, headers: { "X-Trace": "1" }, parseAs: "text" });
    // @ts-expect-error fetch is a client option, not a per-call one
    void alli.GET("/webapi/v2/projects", { fetch: globalThis.fetch });
    // @ts-expect-error mode does nothing here
    void alli.GET("/webapi/v2/projects", { mode: "cors" });
    // @ts-expect-error credentials do nothing here
    void alli.GET("/webapi/v2/projects", { credentials: "include" });
    // @ts-expect-error middleware is openapi-fetch's, not the SDK's
    void alli.GET("/webapi/v2/projects", { middleware: [] });
    // @ts-expect-error the same for walks
    void alli.paginate("/webapi/v2/conversations", { mode: "cors" });
  });
});

describe("the client's own members", () => {
  it("are exactly the list the generator keeps operationIds away from", () => {
    expectTypeOf<Exclude<keyof AlliClient, keyof OperationMethods>>().toEqualTypeOf<(typeof CLIENT_MEMBERS)[number]>();
  });
});
