/**
 * Where a page of a walk starts, in the terms of its paging style: what fetched a page, what
 * `resumeFrom` takes, and what a walk's error names in its `page` field. Types only; they live
 * here, below both the errors and the pagination feature, because both read them.
 */
import type { paginated, PaginatedPath } from "../../generated/operations.js";

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
type Meta = typeof paginated;

/** Where a page of `P` starts; without `P`, a position of any style. */
export type PagePosition<P extends PaginatedPath = PaginatedPath> = Meta[P]["style"] extends keyof PositionByStyle
  ? PositionByStyle[Meta[P]["style"]]
  : never;

/** The page a walk was on when it failed, as set on the error's `page`. */
export interface FailedPage {
  /** 0 for the first page the walk fetched. */
  index: number;
  /** The cursor, offset or page number that fetched (or would have fetched) it. */
  position: PagePosition;
}
