/**
 * Look-ahead: the next page is fetched while the caller is still on the current one, never more
 * than one page ahead, off by default; its failure surfaces only when the caller reaches it, and
 * leaving the loop cancels it. No timing: the tests wait on the server's and the client's events.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAlliClient, InternalServerError, type AlliError, type AlliClient } from "../../src/index.js";
import { deferred, drain, offsetArrayPages, turn } from "./paging-scripts.js";
import { startPagingUpstream, type PagingUpstream } from "./paging-upstream.js";
import { list, llmPrompt } from "./spec-items.js";

const PAGE = 10;
let upstream: PagingUpstream;
let release = deferred();

/** What the client's fetch saw: each request's signal, and when each response arrived. */
interface FetchLog {
  signals: AbortSignal[];
  /** Resolved when the client has the response (or failure) of request i. */
  settled: Array<ReturnType<typeof deferred<void>>>;
}

function loggingClient(onRequest?: () => void): { alli: AlliClient; log: FetchLog } {
  const log: FetchLog = { signals: [], settled: Array.from({ length: 20 }, () => deferred()) };
  const alli = createAlliClient({
    apiKey: "test-key",
    baseUrl: upstream.url,
    maxRetries: 0,
    fetch: (url, init) => {
      onRequest?.();
      const index = log.signals.push(init.signal!) - 1;
      const response = fetch(url, init);
      response.then(
        () => log.settled[index]!.resolve(),
        () => log.settled[index]!.resolve(),
      );
      return response;
    },
  });
  return { alli, log };
}

beforeAll(async () => {
  upstream = await startPagingUpstream();
});
afterEach(() => {
  release.resolve();
  release = deferred();
});
afterAll(() => upstream?.close());

const prompts = (alli: AlliClient, lookAhead?: boolean) =>
  alli.paginate(
    "/webapi/v2/llm_prompts",
    { params: { query: { limit: PAGE } } },
    lookAhead === undefined ? {} : { lookAhead },
  );

describe("look-ahead", () => {
  it("fetches the next page while the caller is still on the current one, and yields the same items", async () => {
    const all = list(llmPrompt, 35);
    const honest = offsetArrayPages(all);
    const secondArrived = deferred();
    upstream.use((url, index) => {
      if (index === 1) secondArrived.resolve();
      return honest(url, index);
    });
    const { alli } = loggingClient();
    const items = [];
    for await (const prompt of prompts(alli, true)) {
      items.push(prompt);
      // Still on the first item of page 1: only a look-ahead can make page 2's request arrive now.
      if (items.length === 1) await secondArrived.promise;
    }
    expect(items).toEqual(all);
  });

  it("never runs more than one page ahead of the caller", async () => {
    upstream.use(offsetArrayPages(list(llmPrompt, 45)));
    // For each request: how many items the caller had taken when it went out.
    const takenAtRequest: number[] = [];
    let taken = 0;
    const { alli, log } = loggingClient(() => takenAtRequest.push(taken));
    for await (const _prompt of prompts(alli, true)) {
      const page = Math.floor(taken++ / PAGE);
      if (taken % PAGE === 1 && page < 4) {
        // Dawdle on the page's first item until the look-ahead's answer is in, and let anything it triggers run.
        await log.settled[page + 1]!.promise;
        await turn();
        await turn();
      }
    }
    expect(taken).toBe(45);
    // Request k (page k) goes out only once the caller has taken every item of page k - 2 and asked
    // for more, that is once it is on page k - 1: one page ahead, never two.
    expect(takenAtRequest.map((n, k) => n >= (k - 1) * PAGE)).toEqual(takenAtRequest.map(() => true));
    expect(takenAtRequest).toHaveLength(5);
  });

  it("is off by default: each request goes out only once the caller has finished the page before", async () => {
    upstream.use(offsetArrayPages(list(llmPrompt, 30)));
    const { alli, log } = loggingClient();
    const requestsSeenPerItem: number[] = [];
    for await (const _prompt of prompts(alli)) {
      // Give a prefetch every chance to start before reading the count.
      await turn();
      requestsSeenPerItem.push(log.signals.length);
    }
    expect(requestsSeenPerItem).toEqual([...Array(PAGE).fill(1), ...Array(PAGE).fill(2), ...Array(PAGE).fill(3)]);
  });

  it("an error in the look-ahead surfaces when the caller reaches that page, not before", async () => {
    const honest = offsetArrayPages(list(llmPrompt, 50));
    upstream.use((url, index) =>
      index === 1 ? { status: 500, body: { message: "page 2 broke" } } : honest(url, index),
    );
    const { alli, log } = loggingClient();
    const items = [];
    let caught: unknown;
    try {
      for await (const prompt of prompts(alli, true)) {
        items.push(prompt);
        // The failed look-ahead is already back while the caller reads the rest of page 1.
        if (items.length === 1) await log.settled[1]!.promise;
      }
    } catch (error) {
      caught = error;
    }
    expect(items).toEqual(list(llmPrompt, PAGE));
    expect(caught).toBeInstanceOf(InternalServerError);
    expect((caught as AlliError).page).toEqual({ index: 1, position: { offset: PAGE, limit: PAGE } });
  });

  it("leaving the loop (break) cancels the look-ahead in flight", async () => {
    const honest = offsetArrayPages(list(llmPrompt, 50));
    const secondArrived = deferred();
    upstream.use(async (url, index) => {
      if (index === 1) {
        secondArrived.resolve();
        await release.promise; // page 2 is never answered while the test runs
      }
      return honest(url, index);
    });
    const { alli, log } = loggingClient();
    const items = [];
    for await (const prompt of prompts(alli, true)) {
      items.push(prompt);
      await secondArrived.promise;
      break;
    }
    expect(items).toHaveLength(1);
    expect(log.signals).toHaveLength(2);
    expect(log.signals[0]!.aborted).toBe(false);
    expect(log.signals[1]!.aborted).toBe(true);
  });

  it("walks a failing list to the same end with and without look-ahead", async () => {
    const honest = offsetArrayPages(list(llmPrompt, 50));
    const failThird = (url: URL, index: number) =>
      index === 2 ? { status: 500, body: { message: "boom" } } : honest(url, index);
    upstream.use(failThird);
    const plain = await drain(prompts(loggingClient().alli, false));
    upstream.use(failThird);
    const ahead = await drain(prompts(loggingClient().alli, true));
    expect(ahead.items).toEqual(plain.items);
    expect(plain.items).toHaveLength(2 * PAGE);
    expect((ahead.error as AlliError).page).toEqual((plain.error as AlliError).page);
  });
});
