/**
 * Offset + limit paging, in its two forms: with a total (audit logs: `result`, `count`), where the
 * walk ends on reaching the total, and with a bare array (LLM prompts), where it ends on a page
 * shorter than the limit.
 */
import { queryParamSpec, GuardViolation, itemsOf, wholeNumber, type PageStrategy } from "./strategy.js";
import { startInteger, startValue } from "./start-position.js";

/** The metadata fields offset paging reads. */
export interface OffsetMeta {
  operationId: string;
  itemsField?: string;
  offsetParam: string;
  limitParam: string;
  /** Present for offset-total: the body field holding the number of items in the whole list. */
  totalField?: string;
}

/** Offset paging for one walk: with a total when the metadata names `totalField`, else over a bare array. */
export function offsetStrategy(meta: OffsetMeta, query: Record<string, unknown>, resumeFrom?: object): PageStrategy {
  const offset = startInteger(startValue(resumeFrom, "offset", query, meta.offsetParam), 0) ?? 0;
  // The limit is sent on every request, the spec's default when the caller gave none, so that the
  // SDK and the server agree on what a short page is.
  const limit = startInteger(startValue(resumeFrom, "limit", query, meta.limitParam), 1) ?? wholeNumber(queryParamSpec(meta.operationId, meta.limitParam)?.default);
  return {
    start: { offset, limit },
    query: (position) => {
      const { offset, limit } = position as { offset: number; limit?: number };
      return { [meta.offsetParam]: offset, [meta.limitParam]: limit };
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
      const raw = (data as Record<string, unknown>)[meta.totalField];
      const total = wholeNumber(raw);
      if (total === undefined) throw new GuardViolation(`the response's "${meta.totalField}" is ${JSON.stringify(raw)}, not a whole number`);
      if (end > total) {
        throw new GuardViolation(`the page at offset ${offset} holds ${items.length} items, past the total of ${total} the server reported`);
      }
      if (items.length === 0 && offset < total) {
        throw new GuardViolation(`the page at offset ${offset} is empty though the server reported a total of ${total}: the offset cannot advance`);
      }
      return { items, next: end >= total ? null : next };
    },
  };
}
