/**
 * Honest paging servers, one per style, written from the API's documented behaviour (not from the
 * SDK): each pages a given list of items and reads the page it is asked for from the query.
 */
import type { Script } from "./paging-upstream.js";

/** An opaque cursor, as a real server's would be. */
export const cursorFor = (offset: number) => Buffer.from(`after:${offset}`).toString("base64url");
const offsetOf = (cursor: string | null) =>
  cursor ? Number(Buffer.from(cursor, "base64url").toString().slice("after:".length)) : 0;

/**
 * Cursor paging (`cursor` in, `cursor` out). The last page says `cursor: null`, or leaves the
 * field out when `omitLastCursor` (AppsResponse does not require it).
 */
export function cursorPages(
  items: unknown[],
  itemsField: string,
  { defaultPageSize = 50, omitLastCursor = false } = {},
): Script {
  return (url) => {
    const offset = offsetOf(url.searchParams.get("cursor"));
    const size = Number(url.searchParams.get("pageSize") ?? defaultPageSize);
    const end = offset + size;
    const body: Record<string, unknown> = { [itemsField]: items.slice(offset, end) };
    if (end < items.length) body.cursor = cursorFor(end);
    else if (!omitLastCursor) body.cursor = null;
    return { body };
  };
}

/** Offset + limit with a total (audit logs). `count` may be set to lie about the total. */
export function offsetTotalPages(items: unknown[], { defaultLimit = 10, count = items.length } = {}): Script {
  return (url) => {
    const offset = Number(url.searchParams.get("offset") ?? 0);
    const limit = Number(url.searchParams.get("limit") ?? defaultLimit);
    return { body: { result: items.slice(offset, offset + limit), count } };
  };
}

/** Offset + limit over a bare array (LLM prompts). */
export function offsetArrayPages(items: unknown[], { defaultLimit = 100 } = {}): Script {
  return (url) => {
    const offset = Number(url.searchParams.get("offset") ?? 0);
    const limit = Number(url.searchParams.get("limit") ?? defaultLimit);
    return { body: items.slice(offset, offset + limit) };
  };
}

/** Page numbers from 1, a fixed page size (conversation chats: 100). `totalCount` may lie. */
export function pageNumberPages(items: unknown[], { pageSize = 100, totalCount = items.length } = {}): Script {
  return (url) => {
    const pageNo = Number(url.searchParams.get("pageNo") ?? 1);
    const chats = items.slice((pageNo - 1) * pageSize, pageNo * pageSize);
    return { body: { chats, pageNo, totalCount } };
  };
}

/** Collects a walk's items, and the error that ended it, if any. */
export async function drain<T>(iterable: AsyncIterable<T>): Promise<{ items: T[]; error: unknown }> {
  const items: T[] = [];
  try {
    for await (const item of iterable) items.push(item);
  } catch (error) {
    return { items, error };
  }
  return { items, error: undefined };
}

/** A promise with its resolve, for a test to wait on an event of the server or the client. */
export function deferred<T = void>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets every pending callback run once (timers excluded): what a prefetch would need to get going. */
export const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
