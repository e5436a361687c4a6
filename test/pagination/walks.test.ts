/**
 * Each of the five paginated operations, walked over several pages of a scripted server behind
 * Prism proxy: the items come out exactly as the server holds them, in order, and every request
 * carries the right query.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAlliClient, type AlliClient } from "../../src/index.js";
import { cursorPages, drain, offsetArrayPages, offsetTotalPages, pageNumberPages } from "./paging-scripts.js";
import { startPagingUpstream, type PagingUpstream } from "./paging-upstream.js";
import { app, auditLog, chat, conversation, list, llmPrompt } from "./spec-items.js";

let upstream: PagingUpstream;
let alli: AlliClient;

beforeAll(async () => {
  upstream = await startPagingUpstream();
  alli = createAlliClient({ apiKey: "test-key", baseUrl: upstream.url, maxRetries: 0 });
});
afterAll(() => upstream?.close());

/** The cursor each page's response named: what the request after it must send. */
const cursorsSent = () => upstream.sent.map((body) => (body as { cursor?: string | null }).cursor);

describe("cursor style", () => {
  it("list conversations: 70 items in pages of 20, following each cursor, keeping the filters", async () => {
    const items = list(conversation, 70);
    upstream.use(cursorPages(items, "conversations"));
    const { items: walked, error } = await drain(
      alli.paginate("/webapi/v2/conversations", {
        params: { query: { pageSize: 20, activeOnly: true, order: "FIRST_CHAT_TIME_ASC" } },
      }),
    );
    expect(error, upstream.prismOutput()).toBeUndefined();
    expect(walked).toEqual(items);
    const cursors = cursorsSent();
    expect(cursors).toHaveLength(4);
    expect(cursors[3]).toBeNull();
    const filters = { pageSize: "20", activeOnly: "true", order: "FIRST_CHAT_TIME_ASC" };
    expect(upstream.queries()).toEqual([
      filters,
      { ...filters, cursor: cursors[0] },
      { ...filters, cursor: cursors[1] },
      { ...filters, cursor: cursors[2] },
    ]);
  });

  it("list apps v2: ends on a page that leaves the cursor out", async () => {
    const items = list(app, 60);
    upstream.use(cursorPages(items, "apps", { omitLastCursor: true }));
    const walked = [];
    for await (const item of alli.paginate("/webapi/v2/apps", {
      params: { query: { pageSize: 25, searchTerm: "bot" } },
    }))
      walked.push(item);
    expect(walked).toEqual(items);
    const cursors = cursorsSent();
    expect(cursors[2]).toBeUndefined();
    expect(upstream.queries()).toEqual([
      { pageSize: "25", searchTerm: "bot" },
      { pageSize: "25", searchTerm: "bot", cursor: cursors[0] },
      { pageSize: "25", searchTerm: "bot", cursor: cursors[1] },
    ]);
  });
});

describe("offset + limit with a total", () => {
  it("list audit logs: offsets 0, 30, 60, 90 with the caller's limit, and no request past the count", async () => {
    const items = list(auditLog, 100);
    upstream.use(offsetTotalPages(items));
    const { items: walked, error } = await drain(
      alli.paginate("/webapi/v2/audit/logs", {
        params: { query: { beforeRange: 7, limit: 30, params: ["body", "query"] } },
      }),
    );
    expect(error, upstream.prismOutput()).toBeUndefined();
    expect(walked).toEqual(items);
    const base = { beforeRange: "7", limit: "30", params: ["body", "query"] };
    expect(upstream.queries()).toEqual([0, 30, 60, 90].map((offset) => ({ ...base, offset: String(offset) })));
  });

  it("ends exactly at the count when the last page is full", async () => {
    const items = list(auditLog, 60);
    upstream.use(offsetTotalPages(items));
    const { items: walked } = await drain(alli.paginate("/webapi/v2/audit/logs", { params: { query: { limit: 20 } } }));
    expect(walked).toEqual(items);
    expect(upstream.queries().map((q) => q.offset)).toEqual(["0", "20", "40"]);
  });
});

describe("offset + limit over a bare array", () => {
  it("list LLM prompts: ends on the first page shorter than the limit", async () => {
    const items = list(llmPrompt, 100);
    upstream.use(offsetArrayPages(items));
    const { items: walked, error } = await drain(
      alli.paginate("/webapi/v2/llm_prompts", { params: { query: { limit: 40, order: "name" } } }),
    );
    expect(error, upstream.prismOutput()).toBeUndefined();
    expect(walked).toEqual(items);
    expect(upstream.queries()).toEqual(
      [0, 40, 80].map((offset) => ({ limit: "40", order: "name", offset: String(offset) })),
    );
  });

  it("sends the spec's default limit (100) when the caller gives none, so short pages mean the same to both sides", async () => {
    const items = list(llmPrompt, 250);
    upstream.use(offsetArrayPages(items, { defaultLimit: 100 }));
    const { items: walked } = await drain(alli.paginate("/webapi/v2/llm_prompts"));
    expect(walked).toEqual(items);
    expect(upstream.queries()).toEqual([0, 100, 200].map((offset) => ({ limit: "100", offset: String(offset) })));
  });

  it("asks once more after a full last page, and stops on the empty answer", async () => {
    const items = list(llmPrompt, 80);
    upstream.use(offsetArrayPages(items));
    const { items: walked } = await drain(
      alli.paginate("/webapi/v2/llm_prompts", { params: { query: { limit: 40 } } }),
    );
    expect(walked).toEqual(items);
    expect(upstream.queries().map((q) => q.offset)).toEqual(["0", "40", "80"]);
  });
});

describe("page number", () => {
  it("list conversation chats: pages 1, 2, 3 of 100, ending on the short page", async () => {
    const items = list(chat, 250);
    upstream.use(pageNumberPages(items));
    const { items: walked, error } = await drain(
      alli.paginate("/webapi/v2/conversations/{conversation_id}/chats", {
        params: { path: { conversation_id: "conv-7" } },
      }),
    );
    expect(error, upstream.prismOutput()).toBeUndefined();
    expect(walked).toEqual(items);
    expect(upstream.paths()).toEqual(Array(3).fill("/webapi/v2/conversations/conv-7/chats"));
    expect(upstream.queries()).toEqual([{ pageNo: "1" }, { pageNo: "2" }, { pageNo: "3" }]);
  });

  it("stops on reaching totalCount without asking for an empty page", async () => {
    const items = list(chat, 200);
    upstream.use(pageNumberPages(items));
    const { items: walked } = await drain(
      alli.paginate("/webapi/v2/conversations/{conversation_id}/chats", { params: { path: { conversation_id: "c" } } }),
    );
    expect(walked).toEqual(items);
    expect(upstream.queries()).toEqual([{ pageNo: "1" }, { pageNo: "2" }]);
  });
});

describe("the page view", () => {
  it("gives each page its items, raw response, and the position that fetched it", async () => {
    const items = list(conversation, 45);
    upstream.use(cursorPages(items, "conversations"));
    const pages = [];
    for await (const page of alli.paginate("/webapi/v2/conversations", { params: { query: { pageSize: 20 } } }).pages())
      pages.push(page);
    const cursors = cursorsSent();
    expect(pages.map((p) => p.index)).toEqual([0, 1, 2]);
    expect(pages.map((p) => p.position)).toEqual([{ cursor: null }, { cursor: cursors[0] }, { cursor: cursors[1] }]);
    expect(pages.map((p) => p.next)).toEqual([{ cursor: cursors[0] }, { cursor: cursors[1] }, null]);
    expect(pages.flatMap((p) => p.items)).toEqual(items);
    expect(pages.map((p) => p.data)).toEqual(upstream.sent);
    expect(pages.every((p) => p.response.status === 200)).toBe(true);
  });

  it("walks afresh each time the iterator is looped, and sends nothing before", async () => {
    const items = list(llmPrompt, 30);
    upstream.use(offsetArrayPages(items));
    const prompts = alli.paginate("/webapi/v2/llm_prompts", { params: { query: { limit: 20 } } });
    expect(upstream.queries()).toHaveLength(0);
    const first = await drain(prompts);
    const second = await drain(prompts);
    expect(first.items).toEqual(items);
    expect(second.items).toEqual(items);
    expect(upstream.queries().map((q) => q.offset)).toEqual(["0", "20", "0", "20"]);
  });
});
