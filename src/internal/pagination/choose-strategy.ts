/** Picks the paging strategy an operation's `x-alli-pagination` style names. */
import { AlliError } from "../../errors.js";
import { cursorStrategy, type CursorMeta } from "./cursor-strategy.js";
import { offsetStrategy, type OffsetMeta } from "./offset-strategy.js";
import { pageNumberStrategy, type PageNumberMeta } from "./page-number-strategy.js";
import type { PageStrategy } from "./strategy.js";

/** Any style's metadata: the generated entries, and a future operation's, fit it. */
export type AnyPaginationMeta = { style: string; operationId: string } & Partial<CursorMeta & OffsetMeta & PageNumberMeta>;

/** A fresh strategy (with its own guard state) for one walk. */
export function chooseStrategy(meta: AnyPaginationMeta, query: Record<string, unknown>, resumeFrom?: object): PageStrategy {
  switch (meta.style) {
    case "cursor":
      return cursorStrategy(meta as AnyPaginationMeta & CursorMeta, query, resumeFrom);
    case "offset-total":
    case "offset-array":
      return offsetStrategy(meta as AnyPaginationMeta & OffsetMeta, query, resumeFrom);
    case "page-number":
      return pageNumberStrategy(meta as AnyPaginationMeta & PageNumberMeta, query, resumeFrom);
    default:
      // A style the spec pipeline learned after this SDK was built: say so rather than guess.
      throw new AlliError(`${meta.operationId} pages in the "${meta.style}" style, which this version of alli-sdk cannot walk`);
  }
}
