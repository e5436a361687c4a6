/**
 * The walk: fetches one page after another, reads each with its style's strategy (what the next
 * page is, and guards against a server that would make the walk loop or repeat), applies the
 * caps, and optionally fetches one page ahead while the caller is still on the current one. A
 * failure keeps its class and names the page it happened on.
 */
import { AlliError, APIUserAbortError, describeOperation, type OperationInfo } from "../../errors/errors.js";
import type { FailedPage, PagePosition } from "../../errors/failed-page.js";
import { cutAfterRedacting, redactText } from "../../errors/redact.js";
import type { PaginationMeta } from "../../core/operations.js";
import { queryParam, type PageFetch } from "./paginate.js";

type Obj = Record<string, any>;

/** A server answer that would make the walk loop or duplicate; the walk makes it an AlliError naming the page. */
export class GuardViolation extends Error {
  override name = "GuardViolation";
}

/** One style of paging, with the state one walk needs for its guards. */
export interface PageStrategy {
  /** The query parameters that fetch the page at `position`. */
  query(position: PagePosition): Obj;
  /** Reads the page fetched at `position`: its items and where the next one starts (null: the last page). */
  read(data: unknown, position: PagePosition): { items: unknown[]; next: PagePosition | null };
}

/** A server value for a message, cut short (a cursor can be kilobytes) after it is redacted. */
const quote = (value: unknown) => cutAfterRedacting(JSON.stringify(value) ?? String(value), 77);
const whole = (value: unknown) => (typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined);

function itemsOf(meta: PaginationMeta, data: unknown): unknown[] {
  const field = meta.itemsField as string | undefined;
  const items = field === undefined ? data : (data as Obj | null)?.[field];
  if (!Array.isArray(items)) throw new GuardViolation(`${field === undefined ? "the response body" : `the response's "${field}"`} is not an array of items`);
  return items;
}

function totalOf(meta: PaginationMeta, data: unknown, required: boolean): number | undefined {
  const field = meta.totalField as string | undefined;
  const raw = field === undefined ? undefined : (data as Obj)[field];
  const total = whole(raw);
  if (field !== undefined && total === undefined && (required || raw !== undefined)) {
    throw new GuardViolation(`the response's "${field}" is ${JSON.stringify(raw)}, not a whole number`);
  }
  return total;
}

/**
 * Empty pages in a row that still name a next cursor before the walk gives up. One is legal (a
 * filtered scan can come back empty and go on), a run of them is a server paging nowhere.
 */
const MAX_EMPTY_PAGES_IN_A_ROW = 1;

/** The strategy of `meta`'s style for one walk from `start` (startOf in paginate.ts has checked both). */
export function strategyFor(meta: PaginationMeta, start: PagePosition): PageStrategy {
  const param = (name: string) => String(meta[name]);
  if (meta.style === "cursor") {
    // Every cursor that fetched a page: a repeat means the server is walking in a circle.
    const followed = new Set<string>("cursor" in start && start.cursor !== null ? [start.cursor] : []);
    let emptyInARow = 0;
    return {
      query: (position) => ({ [param("cursorParam")]: (position as { cursor: string | null }).cursor ?? undefined }),
      read(data) {
        const items = itemsOf(meta, data);
        const raw = (data as Obj)[param("cursorField")];
        if (raw === null || raw === undefined || raw === "") return { items, next: null };
        if (typeof raw !== "string") throw new GuardViolation(`the response's "${param("cursorField")}" is ${quote(raw)}, not a cursor string`);
        if (followed.has(raw)) {
          throw new GuardViolation(`the server sent cursor ${quote(raw)} again, which this walk already followed: following it would loop forever`);
        }
        emptyInARow = items.length === 0 ? emptyInARow + 1 : 0;
        if (emptyInARow > MAX_EMPTY_PAGES_IN_A_ROW) {
          throw new GuardViolation(`${emptyInARow} pages in a row came back empty yet named a next cursor: the server is paging nowhere`);
        }
        followed.add(raw);
        return { items, next: { cursor: raw } };
      },
    };
  }
  if (meta.style === "page-number") {
    const spec = queryParam(meta, meta.pageParam);
    const firstPage = (spec?.default as number | undefined) ?? spec?.minimum ?? 1;
    const pageSize = meta.pageSize as number | undefined;
    return {
      query: (position) => ({ [param("pageParam")]: (position as { page: number }).page }),
      read(data, position) {
        const { page } = position as { page: number };
        const items = itemsOf(meta, data);
        // The body echoes its page number: a server that ignores the parameter would hand back page 1 over and over.
        const echoed = (data as Obj)[param("pageParam")];
        if (typeof echoed === "number" && echoed !== page) {
          throw new GuardViolation(`asked for page ${page}, the server answered with page ${echoed}: the page number does not advance`);
        }
        const total = totalOf(meta, data, false);
        const through = pageSize === undefined ? undefined : (page - firstPage) * pageSize + items.length;
        if (total !== undefined && through !== undefined && through > total) {
          throw new GuardViolation(`page ${page} brings the item count to ${through}, past the total of ${total} the server reported`);
        }
        const last = items.length === 0 || (pageSize !== undefined && items.length < pageSize) || (through ?? -1) >= (total ?? Infinity);
        return { items, next: last ? null : { page: page + 1 } };
      },
    };
  }
  return {
    query: (position) => {
      const { offset, limit } = position as { offset: number; limit?: number };
      return { [param("offsetParam")]: offset, [param("limitParam")]: limit };
    },
    read(data, position) {
      const { offset, limit } = position as { offset: number; limit?: number };
      const items = itemsOf(meta, data);
      // Advance by what arrived, not by the limit: a server that caps the limit must not make the walk skip items.
      const end = offset + items.length;
      const next = { offset: end, limit };
      if (meta.totalField === undefined) {
        const short = items.length === 0 || (limit !== undefined && items.length < limit);
        return { items, next: short ? null : next };
      }
      const total = totalOf(meta, data, true)!;
      if (end > total) throw new GuardViolation(`the page at offset ${offset} holds ${items.length} items, past the total of ${total} the server reported`);
      if (items.length === 0 && offset < total) {
        throw new GuardViolation(`the page at offset ${offset} is empty though the server reported a total of ${total}: the offset cannot advance`);
      }
      return { items, next: end >= total ? null : next };
    },
  };
}

/** `page 3 of the walk (cursor "abc")`. */
function describePage({ index, position }: FailedPage): string {
  let at: string;
  if ("cursor" in position) at = position.cursor === null ? "no cursor: the first page" : `cursor ${quote(position.cursor)}`;
  else if ("offset" in position) at = `offset ${position.offset}${position.limit === undefined ? "" : `, limit ${position.limit}`}`;
  else at = `page number ${position.page}`;
  return `page ${index + 1} of the walk (${at})`;
}

/** The error of a page: its own class kept, `page` added and named in the message (once). */
function pageError(error: unknown, page: FailedPage, operation: OperationInfo): unknown {
  if (error instanceof GuardViolation) error = new AlliError(`${describeOperation(operation)}: ${error.message}; the walk stopped`, { operation });
  if (!(error instanceof Error) || Object.hasOwn(error, "page")) return error;
  Object.defineProperty(error, "page", { value: page, enumerable: true, configurable: true });
  // The page's cursor is the server's text, which may echo a secret.
  error.message = redactText(`${error.message} — ${describePage(page)}`);
  return error;
}

export interface WalkInput {
  meta: PaginationMeta;
  operation: OperationInfo;
  start: PagePosition;
  fetch: PageFetch;
  /** The caller's signal: it stops the walk between two items too. */
  signal?: AbortSignal;
  maxItems?: number;
  maxPages?: number;
  lookAhead: boolean;
}

/** A page as the walk hands it on. */
export interface WalkedPage extends FailedPage {
  items: unknown[];
  next: PagePosition | null;
  data: unknown;
  response: Response;
  requestId: string | undefined;
}

/** First, last and count of a page's items: enough to tell a server handing back the same page. */
const fingerprint = (items: unknown[]) => (items.length ? JSON.stringify([items.length, items[0], items.at(-1)]) : undefined);

const aborted = ({ operation, signal }: WalkInput) =>
  new APIUserAbortError(`${describeOperation(operation)}: the walk was aborted`, { operation, cause: signal?.reason });

/** Walks the pages from the start; leaving early cancels a look-ahead in flight. */
export async function* walkPages(input: WalkInput): AsyncGenerator<WalkedPage, void, undefined> {
  const { maxItems, maxPages, signal } = input;
  const strategy = strategyFor(input.meta, input.start);
  let previous: string | undefined;

  const fetchPage = (position: PagePosition, index: number) => {
    const page: FailedPage = { index, position };
    // One stop signal per page, beside the caller's, so that a look-ahead can be cancelled alone.
    const controller = new AbortController();
    const result = (async (): Promise<WalkedPage> => {
      try {
        const { data, response, requestId } = await input.fetch(strategy.query(position), controller.signal);
        const reading = strategy.read(data, position);
        const current = fingerprint(reading.items);
        // Offsets and page numbers advance on our side; this catches a server that ignores them.
        if (current !== undefined && current === previous) throw new GuardViolation("the server sent the same items as on the page before: it is not advancing");
        // An empty page in between (legal once, for cursors) must not hide a repeat across it.
        if (current !== undefined) previous = current;
        return { ...reading, data, response, requestId, ...page };
      } catch (error) {
        throw pageError(error, page, input.operation);
      }
    })();
    // A look-ahead the caller abandons fails with nobody waiting: that must not be an unhandled rejection.
    result.catch(() => {});
    return { result, cancel: () => controller.abort(new Error("the caller left the walk")) };
  };

  let inFlight: ReturnType<typeof fetchPage> | undefined = fetchPage(input.start, 0);
  let itemsSoFar = 0;
  try {
    while (inFlight) {
      const page = await inFlight.result;
      inFlight = undefined;
      // A look-ahead page may have arrived before the caller aborted: the signal still wins.
      if (signal?.aborted) throw aborted(input);
      if (maxItems !== undefined && itemsSoFar + page.items.length > maxItems) page.items = page.items.slice(0, maxItems - itemsSoFar);
      itemsSoFar += page.items.length;
      const more = page.next !== null && page.index + 1 < (maxPages ?? Infinity) && itemsSoFar < (maxItems ?? Infinity);
      // At most one page ahead: the next request starts only once the caller holds this page.
      if (more && input.lookAhead) inFlight = fetchPage(page.next!, page.index + 1);
      yield page;
      if (more && !inFlight) inFlight = fetchPage(page.next!, page.index + 1);
    }
  } finally {
    inFlight?.cancel();
  }
}

/** Every item of every page; the caller's signal stops the loop between two items too. */
export async function* walkItems(input: WalkInput): AsyncGenerator<unknown, void, undefined> {
  for await (const page of walkPages(input)) {
    for (const item of page.items) {
      if (input.signal?.aborted) throw aborted(input);
      yield item;
    }
  }
}
