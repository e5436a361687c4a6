/**
 * Page-number paging (conversation chats: `pageNo`, `totalCount`, a fixed size of 100): a page
 * shorter than the page size, or reaching the total, ends the walk.
 */
import { queryParamSpec, GuardViolation, itemsOf, wholeNumber, type PageStrategy } from "./strategy.js";
import { startInteger, startValue } from "./start-position.js";

/** The metadata fields page-number paging reads. */
export interface PageNumberMeta {
  operationId: string;
  itemsField?: string;
  pageParam: string;
  totalField?: string;
  /** The server's fixed page size; without it only an empty page ends the walk. */
  pageSize?: number;
}

/** Page-number paging for one walk, starting at the spec's first page (`pageNo` default 1) unless told otherwise. */
export function pageNumberStrategy(meta: PageNumberMeta, query: Record<string, unknown>, resumeFrom?: object): PageStrategy {
  const spec = queryParamSpec(meta.operationId, meta.pageParam);
  const firstPage = wholeNumber(spec?.default) ?? spec?.minimum ?? 1;
  const page = startInteger(startValue(resumeFrom, "page", query, meta.pageParam), spec?.minimum ?? firstPage) ?? firstPage;
  return {
    start: { page },
    query: (position) => ({ [meta.pageParam]: (position as { page: number }).page }),
    read(data, position) {
      const { page } = position as { page: number };
      const items = itemsOf(meta, data);
      const body = data as Record<string, unknown>;
      // The body echoes the page it holds (ChatsResponse.pageNo): a server that ignores the page
      // parameter would otherwise hand back page 1 over and over.
      const echoed = body[meta.pageParam];
      if (typeof echoed === "number" && echoed !== page) {
        throw new GuardViolation(`asked for page ${page}, the server answered with page ${echoed}: the page number does not advance`);
      }
      const { pageSize } = meta;
      const rawTotal = meta.totalField === undefined ? undefined : body[meta.totalField];
      const total = wholeNumber(rawTotal);
      if (meta.totalField !== undefined && rawTotal !== undefined && total === undefined) {
        throw new GuardViolation(`the response's "${meta.totalField}" is ${JSON.stringify(rawTotal)}, not a whole number`);
      }
      const through = pageSize === undefined ? undefined : (page - firstPage) * pageSize + items.length;
      if (total !== undefined && through !== undefined && through > total) {
        throw new GuardViolation(`page ${page} brings the item count to ${through}, past the total of ${total} the server reported`);
      }
      const last =
        items.length === 0 || (pageSize !== undefined && items.length < pageSize) || (total !== undefined && through !== undefined && through >= total);
      return { items, next: last ? null : { page: page + 1 } };
    },
  };
}
