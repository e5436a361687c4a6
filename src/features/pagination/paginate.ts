/**
 * `alli.paginate`: checks the path, the options and where the walk starts at once (bad input
 * throws before the network), and returns the lazy iterator; the walk itself (walk.ts) loads when
 * a loop first asks for a page, so a program that never paginates does not load it.
 */
import { AlliError, InvalidInputError } from "../../errors/errors.js";
import type { PagePosition } from "../../errors/failed-page.js";
import { allOperations, infoOf, paginatedPaths, paginationAt, type FieldSpec, type PaginationMeta } from "../../core/operations.js";
import { wholeNumber } from "../../core/options.js";

/** The options a walk takes beside the per-call ones. */
export const WALK_OPTIONS = ["maxItems", "maxPages", "lookAhead", "resumeFrom"] as const;

type Obj = Record<string, any>;

/** Fetches one page: the caller's query with the page's parameters laid over it. */
export type PageFetch = (query: Obj, stop: AbortSignal) => Promise<{ data: unknown; response: Response; requestId: string | undefined }>;

/** What the spec says of one of an operation's query parameters (its `default`, `minimum`). */
export const queryParam = (meta: PaginationMeta, name: unknown): FieldSpec | undefined =>
  allOperations()[meta.operationId]?.query?.[String(name)];

/** Where a walk starts: `resumeFrom`, else the page parameter in the query, else the first page; each value checked. */
export function startOf(meta: PaginationMeta, query: Obj, resumeFrom?: Obj): PagePosition {
  const at = (key: string, param: unknown): [string, unknown] =>
    resumeFrom && key in resumeFrom ? [`resumeFrom.${key}`, resumeFrom[key]] : [`query.${String(param)}`, query[String(param)]];
  switch (meta.style) {
    case "cursor": {
      const [field, value] = at("cursor", meta.cursorParam);
      if (value !== undefined && value !== null && value !== "" && typeof value !== "string") {
        throw new InvalidInputError(field, "must be a cursor string or null");
      }
      return { cursor: (value as string | undefined) || null };
    }
    case "offset-total":
    case "offset-array": {
      const offset = wholeNumber(...at("offset", meta.offsetParam), 0) ?? 0;
      // The limit goes with every request, the spec's default when the caller gave none, so that
      // the SDK and the server agree on what a short page is.
      const fallback = queryParam(meta, meta.limitParam)?.default;
      return { offset, limit: wholeNumber(...at("limit", meta.limitParam), 1) ?? (fallback as number | undefined) };
    }
    case "page-number": {
      const spec = queryParam(meta, meta.pageParam);
      const first = (spec?.default as number | undefined) ?? spec?.minimum ?? 1;
      return { page: wholeNumber(...at("page", meta.pageParam), spec?.minimum ?? first) ?? first };
    }
    default:
      // A style the spec pipeline learned after this SDK was built: say so rather than guess.
      throw new AlliError(`${meta.operationId} pages in the "${meta.style}" style, which this version of alli-sdk cannot walk`);
  }
}

/** `alli.paginate` over `fetchPage`, the client's call of one page. */
export function createPaginate(fetchPage: (path: string, init: Obj, stop: AbortSignal) => ReturnType<PageFetch>) {
  return (path: string, init: Obj = {}, options: Obj = {}) => {
    const meta = paginationAt(undefined, path);
    if (!meta) {
      throw new InvalidInputError("path", `must be an operation the spec marks paginated (x-alli-pagination): ${paginatedPaths().join(", ")}`);
    }
    const { resumeFrom, lookAhead } = options;
    if (resumeFrom !== undefined && (typeof resumeFrom !== "object" || resumeFrom === null)) {
      throw new InvalidInputError("options.resumeFrom", "must be a position object such as a page's `next`");
    }
    if (lookAhead !== undefined && typeof lookAhead !== "boolean") throw new InvalidInputError("options.lookAhead", "must be a boolean");
    const maxItems = wholeNumber("options.maxItems", options.maxItems, 1);
    const maxPages = wholeNumber("options.maxPages", options.maxPages, 1);
    const { params = {}, ...rest } = init;
    const query: Obj = params.query ?? {};
    const start = startOf(meta, query, resumeFrom);
    const operation = infoOf(meta.method.toUpperCase(), path, meta.operationId);
    const walk = async function* (what: "pages" | "items") {
      const { walkPages, walkItems } = await import("./walk.js");
      const input = {
        meta,
        operation,
        start,
        signal: rest.signal as AbortSignal | undefined,
        maxItems,
        maxPages,
        lookAhead: lookAhead ?? false,
        fetch: (pageQuery: Obj, stop: AbortSignal) => fetchPage(path, { ...rest, params: { ...params, query: { ...query, ...pageQuery } } }, stop),
      };
      yield* what === "pages" ? walkPages(input) : walkItems(input);
    };
    return { pages: () => walk("pages"), [Symbol.asyncIterator]: () => walk("items") };
  };
}
