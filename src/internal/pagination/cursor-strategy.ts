/**
 * Cursor paging (list conversations, list apps v2): the page's cursor field names the next page,
 * and null (or no cursor) ends the walk.
 */
import { startCursor, startValue } from "./start-position.js";
import { GuardViolation, itemsOf, quote, type PageStrategy } from "./strategy.js";
import type { PagePosition } from "../../pagination-types.js";

/** The metadata fields cursor paging reads. */
export interface CursorMeta {
  itemsField?: string;
  cursorParam: string;
  cursorField: string;
}

/**
 * Empty pages in a row that still name a next cursor before the walk gives up. One is legal (a
 * filtered scan can come back empty and go on), a run of them is a server paging nowhere.
 */
export const MAX_EMPTY_PAGES_IN_A_ROW = 1;

/** Cursor paging for one walk; it remembers every cursor followed, to catch a server walking in circles. */
export function cursorStrategy(meta: CursorMeta, query: Record<string, unknown>, resumeFrom?: object): PageStrategy {
  const first = startCursor(startValue(resumeFrom, "cursor", query, meta.cursorParam));
  // Every cursor that fetched a page: a repeat means the server is walking in a circle.
  const followed = new Set<string>(first === null ? [] : [first]);
  let emptyInARow = 0;
  return {
    start: { cursor: first },
    query: (position) => ({ [meta.cursorParam]: (position as { cursor: string | null }).cursor ?? undefined }),
    read(data, _position) {
      const items = itemsOf(meta, data);
      const raw = (data as Record<string, unknown>)[meta.cursorField];
      if (raw === null || raw === undefined || raw === "") return { items, next: null };
      if (typeof raw !== "string") throw new GuardViolation(`the response's "${meta.cursorField}" is ${quote(raw)}, not a cursor string`);
      if (followed.has(raw)) {
        throw new GuardViolation(`the server sent cursor ${quote(raw)} again, which this walk already followed: following it would loop forever`);
      }
      emptyInARow = items.length === 0 ? emptyInARow + 1 : 0;
      if (emptyInARow > MAX_EMPTY_PAGES_IN_A_ROW) {
        throw new GuardViolation(`${emptyInARow} pages in a row came back empty yet named a next cursor: the server is paging nowhere`);
      }
      followed.add(raw);
      const next: PagePosition = { cursor: raw };
      return { items, next };
    },
  };
}
