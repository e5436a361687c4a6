/**
 * The public types of a walk over pages: what `alli.paginate` takes and yields. The paging style
 * comes from the generated `x-alli-pagination` metadata and every type from the generated path
 * map, so an operation a documentation update adds pages with no SDK edit.
 */
import type { FetchOptions } from "openapi-fetch";
import type { FilterKeys, Readable, RequiredKeysOf, ResponseObjectMap, SuccessResponse } from "openapi-typescript-helpers";
import type { paginated, PaginatedPath } from "../../../generated/operations.js";
import type { paths } from "../../../generated/schema.js";
import type { RequestOptions } from "../../core/options.js";
import type { PagePosition } from "../../errors/failed-page.js";

type Meta = typeof paginated;
type OperationOf<P extends PaginatedPath> = FilterKeys<paths[P], Meta[P]["method"]>;

/** The parsed body of one page of `P` (its 200 JSON response). */
export type PageData<P extends PaginatedPath> =
  ResponseObjectMap<OperationOf<P>> extends infer R extends Record<string | number, any>
    ? Readable<SuccessResponse<R, `${string}/json`>>
    : never;

/** The items array of a page: the `itemsField` the metadata names, or the body when it is a bare array. */
type ItemsOf<P extends PaginatedPath> = Meta[P] extends { itemsField: infer F extends string }
  ? FilterKeys<PageData<P>, F>
  : PageData<P>;

/** One item of `P`: the element type of its page's items. */
export type PageItem<P extends PaginatedPath> = ItemsOf<P> extends readonly (infer Item)[] ? Item : never;

/** One page of a walk, with what fetched it and where the next one starts. */
export interface Page<P extends PaginatedPath> {
  /** The page's items (cut short on the last page when `maxItems` stopped the walk mid-page). */
  items: PageItem<P>[];
  /** The parsed body, as the server sent it. */
  data: PageData<P>;
  /** The raw Response (its body already read). */
  response: Response;
  requestId: string | undefined;
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
  /**
   * Fetch the next page while the caller is still on the current one, at most one ahead (off by
   * default). Its failure surfaces when the loop reaches it; leaving the loop cancels it.
   */
  lookAhead?: boolean;
  /** Start here instead of the first page: a page's `position` or `next`, saved from an earlier walk. */
  resumeFrom?: PagePosition<P>;
}

/**
 * `init` as for `alli.GET` (params, headers, signal, timeout, …), sent with every page: the timeout
 * and retries apply to each page, the signal to the whole walk. The body is always parsed as JSON.
 */
export type PaginateInit<P extends PaginatedPath> = Pick<FetchOptions<OperationOf<P>>, "params"> & RequestOptions;

/** `init` is optional exactly when the operation has no required parameter. */
export type PaginateArgs<P extends PaginatedPath> =
  RequiredKeysOf<FetchOptions<OperationOf<P>>> extends never
    ? [init?: PaginateInit<P>, options?: PaginateOptions<P>]
    : [init: PaginateInit<P>, options?: PaginateOptions<P>];

/** Items with `for await`, pages with `.pages()`. Nothing is sent before the loop starts; each loop walks afresh. */
export interface PageIterator<P extends PaginatedPath> extends AsyncIterable<PageItem<P>> {
  [Symbol.asyncIterator](): AsyncIterableIterator<PageItem<P>>;
  /** The walk page by page, each page with its raw response and position. */
  pages(): AsyncIterableIterator<Page<P>>;
}

/** `alli.paginate(path, init?, options?)`: accepts only the paths the spec marks paginated. */
export type Paginate = <P extends PaginatedPath>(path: P, ...args: PaginateArgs<P>) => PageIterator<P>;
