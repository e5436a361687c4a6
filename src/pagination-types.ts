/**
 * The positions and options of a walk: the types both the pagination layer and the errors read
 * (an error of a walk says which page failed), so they live below both.
 */
import type { paginated, PaginatedPath } from "../generated/operations.js";

type Meta = typeof paginated;

/** Where a cursor-style page starts (`null`: the first page). */
export interface CursorPosition {
  cursor: string | null;
}
/** Where an offset-style page starts; `limit` is the page size sent with it. */
export interface OffsetPosition {
  offset: number;
  limit?: number;
}
/** Where a page-number-style page starts. */
export interface PageNumberPosition {
  page: number;
}
interface PositionByStyle {
  cursor: CursorPosition;
  "offset-total": OffsetPosition;
  "offset-array": OffsetPosition;
  "page-number": PageNumberPosition;
}

/**
 * Where a page of `P` starts, in the terms of its paging style: what fetched a page, and what
 * `resumeFrom` takes. Without `P`, a position of any style.
 */
export type PagePosition<P extends PaginatedPath = PaginatedPath> = Meta[P]["style"] extends keyof PositionByStyle ? PositionByStyle[Meta[P]["style"]] : never;

/** The page a walk was on when it failed, as set on the error's `page`. */
export interface FailedPage {
  /** 0 for the first page the walk fetched. */
  index: number;
  /** The cursor, offset or page number that fetched (or would have fetched) it. */
  position: PagePosition;
}

/** How a walk runs. */
export interface PaginateOptions<P extends PaginatedPath = PaginatedPath> {
  /** Stop after this many items (the last page may be cut short). */
  maxItems?: number;
  /** Stop after this many pages. */
  maxPages?: number;
  /**
   * Fetch the next page while the caller is still on the current one, at most one ahead (off by
   * default). Its failure surfaces when the loop reaches it; leaving the loop cancels it.
   */
  lookAhead?: boolean;
  /** Start here instead of the first page: a page's `position` or `next`, saved from an earlier walk. */
  resumeFrom?: PagePosition<P>;
}
