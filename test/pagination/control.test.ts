/**
 * Driving a walk: errors that say which page failed, AbortSignal, resuming from a cursor, offset
 * or page number, caps on items and pages, and bad options caught before the network. Behind
 * Prism proxy, like every walk.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  AlliError,
  APIUserAbortError,
  createAlliClient,
  InternalServerError,
  InvalidInputError,
  RateLimitError,
  type AlliClient,
} from "../../src/index.js";
import { cursorPages, deferred, drain, offsetArrayPages, offsetTotalPages, pageNumberPages } from "./paging-scripts.js";
import { startPagingUpstream, type PagingUpstream } from "./paging-upstream.js";
import { auditLog, chat, conversation, list, llmPrompt } from "./spec-items.js";

let upstream: PagingUpstream;
let alli: AlliClient;
/** Held responses a test never released: released after it, so no request outlives its test. */
let release = deferred();

beforeAll(async () => {
  upstream = await startPagingUpstream();
  alli = createAlliClient({ apiKey: "test-key", baseUrl: upstream.url, maxRetries: 0 });
});
afterEach(() => {
  release.resolve();
  release = deferred();
});
afterAll(() => upstream?.close());

const chatsOf = { params: { path: { conversation_id: "conv-1" } } };

describe("errors say which page failed", () => {
  it("a 429 on page 3 is still a RateLimitError, and carries the page and its cursor", async () => {
    const pages = cursorPages(list(conversation, 100), "conversations");
    upstream.use((url, index) =>
      index === 2
        ? { status: 429, body: { message: "slow down" }, headers: { "retry-after": "1" } }
        : pages(url, index),
    );
    const { items, error } = await drain(
      alli.paginate("/webapi/v2/conversations", { params: { query: { pageSize: 20 } } }),
    );
    expect(items).toEqual(list(conversation, 40));
    expect(error).toBeInstanceOf(RateLimitError);
    const rateLimited = error as RateLimitError;
    expect(rateLimited.status).toBe(429);
    expect(rateLimited.page).toEqual({
      index: 2,
      position: { cursor: (upstream.sent[1] as { cursor: string }).cursor },
    });
    expect(rateLimited.message).toContain("slow down");
    expect(rateLimited.message).toContain("page 3 of the walk");
  });

  it("a 500 on an offset page carries the offset and limit that fetched it", async () => {
    const pages = offsetTotalPages(list(auditLog, 100));
    upstream.use((url, index) => (index === 1 ? { status: 500, body: { message: "boom" } } : pages(url, index)));
    const { items, error } = await drain(alli.paginate("/webapi/v2/audit/logs", { params: { query: { limit: 30 } } }));
    expect(items).toHaveLength(30);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as AlliError).page).toEqual({ index: 1, position: { offset: 30, limit: 30 } });
    expect((error as AlliError).message).toContain("offset 30, limit 30");
  });

  it("a query the spec forbids fails on the first page before anything is sent", async () => {
    upstream.use(cursorPages(list(conversation, 10), "conversations"));
    // pageSize is at most 50 in the spec.
    const { error } = await drain(alli.paginate("/webapi/v2/conversations", { params: { query: { pageSize: 500 } } }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: "query.pageSize", page: { index: 0, position: { cursor: null } } });
    expect((error as AlliError).message).toMatch(/must be an integer from 1 to 50, got 500/);
    expect(upstream.queries()).toHaveLength(0);
  });
});

describe("AbortSignal", () => {
  it("stops the walk between two items, and no further page is asked for", async () => {
    upstream.use(offsetArrayPages(list(llmPrompt, 100)));
    const controller = new AbortController();
    const seen = [];
    let caught: unknown;
    try {
      for await (const prompt of alli.paginate("/webapi/v2/llm_prompts", {
        params: { query: { limit: 10 } },
        signal: controller.signal,
      })) {
        seen.push(prompt);
        if (seen.length === 15) controller.abort();
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(APIUserAbortError);
    expect(seen).toHaveLength(15);
    expect(upstream.queries()).toHaveLength(2);
  });

  it("aborts a page in flight, with the page on the error", async () => {
    const controller = new AbortController();
    const pages = cursorPages(list(conversation, 100), "conversations");
    upstream.use(async (url, index) => {
      if (index === 1) {
        controller.abort();
        await release.promise;
      }
      return pages(url, index);
    });
    const { items, error } = await drain(
      alli.paginate("/webapi/v2/conversations", { params: { query: { pageSize: 10 } }, signal: controller.signal }),
    );
    expect(items).toHaveLength(10);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as AlliError).page?.index).toBe(1);
  });

  it("sends nothing with a signal that is already aborted", async () => {
    upstream.use(offsetArrayPages(list(llmPrompt, 10)));
    const { items, error } = await drain(alli.paginate("/webapi/v2/llm_prompts", { signal: AbortSignal.abort() }));
    expect(items).toEqual([]);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(upstream.queries()).toHaveLength(0);
  });
});

describe("resuming", () => {
  it("from a saved cursor (a page's next): the two walks together give every item once", async () => {
    const all = list(conversation, 70);
    upstream.use(cursorPages(all, "conversations"));
    const init = { params: { query: { pageSize: 20 } } };
    const firstRun = [];
    let saved;
    for await (const page of alli.paginate("/webapi/v2/conversations", init, { maxPages: 2 }).pages()) {
      firstRun.push(...page.items);
      saved = page.next;
    }
    expect(saved).toEqual({ cursor: expect.any(String) });
    upstream.use(cursorPages(all, "conversations"));
    const { items: secondRun } = await drain(alli.paginate("/webapi/v2/conversations", init, { resumeFrom: saved! }));
    expect([...firstRun, ...secondRun]).toEqual(all);
    expect(upstream.queries()[0]).toEqual({ pageSize: "20", cursor: saved!.cursor });
  });

  it("from a cursor given in the query, as for alli.GET", async () => {
    const all = list(conversation, 50);
    upstream.use(cursorPages(all, "conversations"));
    const first = await alli.GET("/webapi/v2/conversations", { params: { query: { pageSize: 20 } } });
    const { items } = await drain(
      alli.paginate("/webapi/v2/conversations", { params: { query: { pageSize: 20, cursor: first.data.cursor } } }),
    );
    expect([...first.data.conversations, ...items]).toEqual(all);
  });

  it("from an offset: resumeFrom overrides the query's offset", async () => {
    upstream.use(offsetTotalPages(list(auditLog, 100)));
    const { items } = await drain(
      alli.paginate(
        "/webapi/v2/audit/logs",
        { params: { query: { limit: 30, offset: 0 } } },
        { resumeFrom: { offset: 60, limit: 30 } },
      ),
    );
    expect(items).toEqual(list(auditLog, 40, 60));
    expect(upstream.queries().map((q) => [q.offset, q.limit])).toEqual([
      ["60", "30"],
      ["90", "30"],
    ]);
  });

  it("from an offset in the query of a bare-array list", async () => {
    upstream.use(offsetArrayPages(list(llmPrompt, 100)));
    const { items } = await drain(
      alli.paginate("/webapi/v2/llm_prompts", { params: { query: { offset: 75, limit: 20 } } }),
    );
    expect(items).toEqual(list(llmPrompt, 25, 75));
  });

  it("from a page number, by resumeFrom or by the query's pageNo", async () => {
    upstream.use(pageNumberPages(list(chat, 250)));
    const { items: byOption } = await drain(
      alli.paginate("/webapi/v2/conversations/{conversation_id}/chats", chatsOf, { resumeFrom: { page: 2 } }),
    );
    expect(byOption).toEqual(list(chat, 150, 100));
    expect(upstream.queries()).toEqual([{ pageNo: "2" }, { pageNo: "3" }]);
    upstream.use(pageNumberPages(list(chat, 250)));
    const { items: byQuery } = await drain(
      alli.paginate("/webapi/v2/conversations/{conversation_id}/chats", {
        params: { ...chatsOf.params, query: { pageNo: 3 } },
      }),
    );
    expect(byQuery).toEqual(list(chat, 50, 200));
  });
});

describe("caps", () => {
  it("maxItems stops mid-page, without asking for the page after", async () => {
    upstream.use(cursorPages(list(conversation, 100), "conversations"));
    const { items } = await drain(
      alli.paginate("/webapi/v2/conversations", { params: { query: { pageSize: 20 } } }, { maxItems: 45 }),
    );
    expect(items).toEqual(list(conversation, 45));
    expect(upstream.queries()).toHaveLength(3);
  });

  it("maxItems on the page view cuts the last page, and its next still points past the whole page", async () => {
    upstream.use(offsetTotalPages(list(auditLog, 100)));
    const pages = [];
    for await (const page of alli
      .paginate("/webapi/v2/audit/logs", { params: { query: { limit: 20 } } }, { maxItems: 30 })
      .pages())
      pages.push(page);
    expect(pages.map((p) => p.items.length)).toEqual([20, 10]);
    expect(pages[1]!.next).toEqual({ offset: 40, limit: 20 });
  });

  it("maxPages stops after that many pages, even with look-ahead on", async () => {
    upstream.use(offsetArrayPages(list(llmPrompt, 100)));
    const { items } = await drain(
      alli.paginate("/webapi/v2/llm_prompts", { params: { query: { limit: 10 } } }, { maxPages: 3, lookAhead: true }),
    );
    expect(items).toEqual(list(llmPrompt, 30));
    expect(upstream.queries()).toHaveLength(3);
  });
});

describe("bad input, caught before the network", () => {
  it.each([
    ["options.maxItems", () => alli.paginate("/webapi/v2/apps", {}, { maxItems: 0 })],
    ["options.maxPages", () => alli.paginate("/webapi/v2/apps", {}, { maxPages: 1.5 })],
    ["resumeFrom.offset", () => alli.paginate("/webapi/v2/llm_prompts", {}, { resumeFrom: { offset: -5 } })],
    [
      "query.pageNo",
      () =>
        alli.paginate("/webapi/v2/conversations/{conversation_id}/chats", {
          params: { ...chatsOf.params, query: { pageNo: 0 } },
        }),
    ],
    [
      "resumeFrom.cursor",
      () => alli.paginate("/webapi/v2/apps", {}, { resumeFrom: { cursor: 42 as unknown as string } }),
    ],
    ["path", () => (alli.paginate as (path: string) => unknown)("/webapi/v2/conversations/{conversation_id}")],
  ])("%s", (field, start) => {
    upstream.use(offsetArrayPages([]));
    let caught: unknown;
    try {
      start();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidInputError);
    expect((caught as InvalidInputError).field).toBe(field);
    expect(upstream.queries()).toHaveLength(0);
  });
});
