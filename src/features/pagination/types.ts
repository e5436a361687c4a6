/** The public types of a walk, from the generated metadata and path map: a new list operation needs no SDK edit. */
import type { FetchOptions } from "openapi-fetch";
import type { FilterKeys, RequiredKeysOf } from "openapi-typescript-helpers";
import type { paginated, PaginatedPath } from "../../../generated/operations.js";
import type { paths } from "../../../generated/schema.js";
import type { RequestOptions } from "../../core/options.js";
import type { PagePosition } from "../../errors/errors.js";
import type { AlliResponse, MethodResult } from "../method-types.js";

type Meta = typeof paginated;
type OperationOf<P extends PaginatedPath> = FilterKeys<paths[P], Meta[P]["method"]>;
/** The parsed body of one page of `P` (its 200 JSON response). */
export type PageData<P extends PaginatedPath> = MethodResult<OperationOf<P>>;
type ItemsOf<P extends PaginatedPath> = Meta[P] extends { itemsField: infer F extends string }
  ? FilterKeys<PageData<P>, F>
  : PageData<P>;
/** One item of `P`. */
export type PageItem<P extends PaginatedPath> = ItemsOf<P> extends readonly (infer Item)[] ? Item : never;
/** One page of a walk: its body, raw Response (body already read) and request id, what fetched it, what comes next. */
export interface Page<P extends PaginatedPath> extends AlliResponse<PageData<P>> {
  /** The page's items (the last page is cut short when `maxItems` stops the walk mid-page). */
  items: PageItem<P>[];
  /** 0 for the first page this walk fetched. */
  index: number;
  /** The cursor, offset or page number that fetched this page. */
  position: PagePosition<P>;
  /** Where the next page starts (pass it as `resumeFrom` to go on later); null on the list's last page. */
  next: PagePosition<P> | null;
}
/** How a walk runs. */
export interface PaginateOptions<P extends PaginatedPath = PaginatedPath> {
  /** Stop after this many items (the last page may be cut short). */
  maxItems?: number;
  /** Stop after this many pages. */
  maxPages?: number;
  /** Fetch at most one page ahead while the caller is on the current one (off by default); leaving cancels it. */
  lookAhead?: boolean;
  /** Start here instead of the first page: a page's `position` or `next`, saved from an earlier walk. */
  resumeFrom?: PagePosition<P>;
}
/** Items with `for await`, pages with `.pages()`. Nothing is sent before the loop starts; each loop walks afresh. */
export interface PageIterator<P extends PaginatedPath> extends AsyncIterable<PageItem<P>> {
  [Symbol.asyncIterator](): AsyncIterableIterator<PageItem<P>>;
  /** The walk page by page, each page with its raw response and position. */
  pages(): AsyncIterableIterator<Page<P>>;
}
/** `init` as for `alli.GET`, sent with every page: timeout and retries apply per page, the signal to the walk. */
type PaginateInit<P extends PaginatedPath> = Pick<FetchOptions<OperationOf<P>>, "params"> & RequestOptions;
/** `alli.paginate(path, init?, options?)`: accepts only the paths the spec marks paginated. */
export type Paginate = <P extends PaginatedPath>(
  path: P,
  ...args: RequiredKeysOf<FetchOptions<OperationOf<P>>> extends never
    ? [init?: PaginateInit<P>, options?: PaginateOptions<P>]
    : [init: PaginateInit<P>, options?: PaginateOptions<P>]
) => PageIterator<P>;
