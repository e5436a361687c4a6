/**
 * The walk: fetches one page after another through `call` (retries, timeouts, error mapping),
 * reads each with the style's strategy, applies the caps, and optionally fetches one page ahead
 * while the caller is still on the current one.
 */
import type { OperationInfo } from "../../errors.js";
import { call, operationInfo, type ClientCore } from "../call.js";
import type { FailedPage, PagePosition } from "../../pagination-types.js";
import { abortError, annotatePageError, guardError } from "./page-errors.js";
import { GuardViolation, type PageReading, type PageStrategy } from "./strategy.js";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What one walk needs: the client, the operation, the caller's init and options. */
export interface WalkInput {
  core: ClientCore;
  method: Method;
  path: string;
  /** The caller's init, as for `alli.GET`: params, headers, signal, timeout, … */
  init: Record<string, any>;
  /** A fresh strategy per walk: its guards keep state (cursors followed, empty pages in a row). */
  strategy: () => PageStrategy;
  maxItems?: number;
  maxPages?: number;
  lookAhead: boolean;
}

/** A page as the walk hands it on. */
export interface WalkedPage extends PageReading, FailedPage {
  data: unknown;
  response: Response;
  requestId: string | undefined;
}

interface InFlight {
  result: Promise<WalkedPage>;
  /** Aborts the request: the caller left the loop before reaching this page. */
  cancel(): void;
}

/** First, last and count of a page's items: enough to tell a server handing back the same page. */
function fingerprint(items: unknown[]): string | undefined {
  return items.length === 0 ? undefined : JSON.stringify([items.length, items[0], items[items.length - 1]]);
}

/** Walks the pages from the strategy's start; leaving early (return) cancels a look-ahead in flight. */
export async function* walkPages(input: WalkInput): AsyncGenerator<WalkedPage, void, undefined> {
  const { core, method, path, maxItems, maxPages, lookAhead } = input;
  const { params = {}, signal: userSignal, parseAs: _parseAs, ...rest } = input.init;
  const operation: OperationInfo = operationInfo(method, path);
  const strategy = input.strategy();
  let previous: string | undefined;

  function read(data: unknown, ref: FailedPage): PageReading {
    const reading = strategy.read(data, ref.position);
    const current = fingerprint(reading.items);
    if (current !== undefined && current === previous) {
      // Offsets and page numbers advance on our side; this catches a server that ignores them.
      throw new GuardViolation("the server sent the same items as on the page before: it is not advancing");
    }
    // An empty page in between (legal once, for cursors) must not hide a repeat across it.
    if (current !== undefined) previous = current;
    return reading;
  }

  function fetchPage(position: PagePosition, index: number): InFlight {
    const ref: FailedPage = { index, position };
    // One stop signal per page, beside the caller's, so that a look-ahead can be cancelled alone.
    const controller = new AbortController();
    const result = (async (): Promise<WalkedPage> => {
      try {
        const query = { ...params.query, ...strategy.query(position) };
        const result = await call(core, method, path, { ...rest, params: { ...params, query }, signal: userSignal }, { stop: controller.signal });
        return { ...read(result.data, ref), data: result.data, response: result.response, requestId: result.requestId, ...ref };
      } catch (error) {
        throw error instanceof GuardViolation ? guardError(error, operation, ref) : annotatePageError(error, ref);
      }
    })();
    // A look-ahead the caller abandons fails with nobody waiting: that must not be an unhandled rejection.
    result.catch(() => {});
    return { result, cancel: () => controller.abort(new Error("the caller left the walk")) };
  }

  let inFlight: InFlight | undefined = fetchPage(strategy.start, 0);
  let itemsSoFar = 0;
  try {
    while (inFlight) {
      const page = await inFlight.result;
      inFlight = undefined;
      // A look-ahead page may have arrived before the caller aborted: the signal still wins.
      if (userSignal?.aborted) throw abortError(operation, userSignal);
      if (maxItems !== undefined && itemsSoFar + page.items.length > maxItems) page.items = page.items.slice(0, maxItems - itemsSoFar);
      itemsSoFar += page.items.length;
      const more = page.next !== null && (maxPages === undefined || page.index + 1 < maxPages) && (maxItems === undefined || itemsSoFar < maxItems);
      // At most one page ahead: the next request starts only once the caller holds this page.
      if (more && lookAhead) inFlight = fetchPage(page.next!, page.index + 1);
      yield page;
      if (more && !inFlight) inFlight = fetchPage(page.next!, page.index + 1);
    }
  } finally {
    inFlight?.cancel();
  }
}
