/**
 * Misbehaving paging servers (behind Prism proxy, so each answer is still valid to the spec): the
 * walk stops with a clear error, or ends, instead of looping forever or duplicating items.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlliError, APIError, createAlliClient, type AlliClient } from "../../src/index.js";
import { cursorFor, drain, offsetTotalPages, pageNumberPages } from "./paging-scripts.js";
import { startPagingUpstream, type PagingUpstream, type Script } from "./paging-upstream.js";
import { auditLog, chat, conversation, list, llmPrompt } from "./spec-items.js";

let upstream: PagingUpstream;
let alli: AlliClient;

beforeAll(async () => {
  upstream = await startPagingUpstream();
  alli = createAlliClient({ apiKey: "test-key", baseUrl: upstream.url, maxRetries: 0 });
});
afterAll(() => upstream?.close());

/** Answers the request with index i with `pages[i]`, and fails the test loudly past the script. */
const scripted =
  (pages: unknown[]): Script =>
  (_url, index) =>
    index < pages.length ? { body: pages[index] } : { status: 500, body: { message: `unscripted request ${index}` } };

/** A guard's error: an AlliError that is not an API error (the server answered 200 every time). */
function expectGuard(error: unknown, message: RegExp, pageIndex: number): void {
  expect(error).toBeInstanceOf(AlliError);
  expect(error).not.toBeInstanceOf(APIError);
  const alliError = error as AlliError;
  expect(alliError.message).toMatch(message);
  expect(alliError.message).toContain(`page ${pageIndex + 1} of the walk`);
  expect(alliError.page?.index).toBe(pageIndex);
  expect(alliError.operation?.path).toBeTypeOf("string");
}

describe("cursor guards", () => {
  const conversations = (ids: number[], cursor: string | null) => ({ conversations: ids.map(conversation), cursor });

  it("stops when a cursor comes back that the walk already followed (A → B → A)", async () => {
    upstream.use(scripted([conversations([0, 1], "A"), conversations([2, 3], "B"), conversations([4, 5], "A")]));
    const { items, error } = await drain(alli.paginate("/webapi/v2/conversations"));
    expectGuard(error, /cursor "A" again/, 2);
    expect((error as AlliError).page?.position).toEqual({ cursor: "B" });
    // The items before the loop are delivered once, the looping page's are not.
    expect(items.map((c) => c.id)).toEqual(["conv-0", "conv-1", "conv-2", "conv-3"]);
    expect(upstream.queries()).toHaveLength(3);
  });

  it("stops when a page names the very cursor that fetched it", async () => {
    upstream.use(scripted([conversations([0], "A"), conversations([1], "A")]));
    const { items, error } = await drain(alli.paginate("/webapi/v2/conversations"));
    expectGuard(error, /cursor "A" again/, 1);
    expect(items.map((c) => c.id)).toEqual(["conv-0"]);
  });

  it("stops when the caller's own starting cursor comes back", async () => {
    upstream.use(scripted([conversations([0], "start")]));
    const { error } = await drain(
      alli.paginate("/webapi/v2/conversations", { params: { query: { cursor: "start" } } }),
    );
    expectGuard(error, /cursor "start" again/, 0);
  });

  it("follows a single empty page that names a next cursor, and delivers what comes after", async () => {
    upstream.use(scripted([conversations([0, 1], "A"), conversations([], "B"), conversations([2, 3], null)]));
    const { items, error } = await drain(alli.paginate("/webapi/v2/conversations"));
    expect(error).toBeUndefined();
    expect(items.map((c) => c.id)).toEqual(["conv-0", "conv-1", "conv-2", "conv-3"]);
  });

  it("stops on the second empty page in a row that still names a next cursor", async () => {
    // Fresh cursors forever, no items: without the guard this would never end.
    upstream.use((url, index) => ({
      body: index === 0 ? conversations([0], cursorFor(1)) : conversations([], cursorFor(index + 1)),
    }));
    const { items, error } = await drain(alli.paginate("/webapi/v2/conversations"));
    expectGuard(error, /2 pages in a row came back empty/, 2);
    expect(items.map((c) => c.id)).toEqual(["conv-0"]);
    expect(upstream.queries()).toHaveLength(3);
  });

  it("ends quietly on an empty page without a cursor", async () => {
    upstream.use(scripted([conversations([0], "A"), conversations([], null)]));
    const { items, error } = await drain(alli.paginate("/webapi/v2/conversations"));
    expect(error).toBeUndefined();
    expect(items).toHaveLength(1);
  });

  it("stops when fresh cursors keep bringing the same page back", async () => {
    upstream.use((_url, index) => ({ body: conversations([0, 1, 2], cursorFor(index + 1)) }));
    const { items, error } = await drain(alli.paginate("/webapi/v2/conversations"));
    expectGuard(error, /same items as on the page before/, 1);
    expect(items).toHaveLength(3);
  });
});

describe("a total that lies (offset + total)", () => {
  it("count says 500 but the pages run out at 60: stops with an error naming the offset, no endless empty pages", async () => {
    upstream.use(offsetTotalPages(list(auditLog, 60), { count: 500 }));
    const { items, error } = await drain(alli.paginate("/webapi/v2/audit/logs", { params: { query: { limit: 30 } } }));
    expectGuard(error, /offset 60 is empty though the server reported a total of 500/, 2);
    expect(items).toEqual(list(auditLog, 60));
    expect(upstream.queries().map((q) => q.offset)).toEqual(["0", "30", "60"]);
  });

  it("count says 60 while more pages exist: stops at the count, asks for nothing past it", async () => {
    upstream.use(offsetTotalPages(list(auditLog, 200), { count: 60 }));
    const { items, error } = await drain(alli.paginate("/webapi/v2/audit/logs", { params: { query: { limit: 30 } } }));
    expect(error).toBeUndefined();
    expect(items).toEqual(list(auditLog, 60));
    expect(upstream.queries().map((q) => q.offset)).toEqual(["0", "30"]);
  });

  it("a page that runs past the count stops with an error rather than trusting either", async () => {
    upstream.use(offsetTotalPages(list(auditLog, 200), { count: 50 }));
    const { items, error } = await drain(alli.paginate("/webapi/v2/audit/logs", { params: { query: { limit: 30 } } }));
    expectGuard(error, /offset 30 holds 30 items, past the total of 50/, 1);
    expect(items).toEqual(list(auditLog, 30));
  });

  it("a server that ignores the offset (the same page every time) stops after the first repeat", async () => {
    upstream.use(() => ({ body: { result: list(auditLog, 10), count: 100 } }));
    const { items, error } = await drain(alli.paginate("/webapi/v2/audit/logs", { params: { query: { limit: 10 } } }));
    expectGuard(error, /same items as on the page before/, 1);
    expect(items).toEqual(list(auditLog, 10));
  });
});

describe("offset over a bare array", () => {
  it("a server that ignores the offset stops after the first repeat instead of paging forever", async () => {
    upstream.use(() => ({ body: list(llmPrompt, 20) }));
    const { items, error } = await drain(alli.paginate("/webapi/v2/llm_prompts", { params: { query: { limit: 20 } } }));
    expectGuard(error, /same items as on the page before/, 1);
    expect(items).toHaveLength(20);
  });
});

describe("page number", () => {
  const chats = { params: { path: { conversation_id: "c" } } };

  it("a server that answers page 1 whatever was asked stops with an error: the page does not advance", async () => {
    upstream.use(() => ({ body: { chats: list(chat, 100), pageNo: 1, totalCount: 500 } }));
    const { items, error } = await drain(alli.paginate("/webapi/v2/conversations/{conversation_id}/chats", chats));
    expectGuard(error, /asked for page 2, the server answered with page 1/, 1);
    expect(items).toEqual(list(chat, 100));
  });

  it("totalCount says 500 but page 2 is short: the short page ends the walk", async () => {
    upstream.use(pageNumberPages(list(chat, 150), { totalCount: 500 }));
    const { items, error } = await drain(alli.paginate("/webapi/v2/conversations/{conversation_id}/chats", chats));
    expect(error).toBeUndefined();
    expect(items).toEqual(list(chat, 150));
    expect(upstream.queries()).toHaveLength(2);
  });

  it("a page that brings the count past totalCount stops with an error", async () => {
    upstream.use(pageNumberPages(list(chat, 300), { totalCount: 150 }));
    const { items, error } = await drain(alli.paginate("/webapi/v2/conversations/{conversation_id}/chats", chats));
    expectGuard(error, /page 2 brings the item count to 200, past the total of 150/, 1);
    expect(items).toEqual(list(chat, 100));
  });
});
