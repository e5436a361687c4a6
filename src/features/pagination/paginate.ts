/** `alli.paginate`: checks its input at once (before the network); walk.ts loads only when a loop asks for a page. */
import { AlliError, InvalidInputError, type PagePosition } from "../../errors/errors.js";
import type { CallInit } from "../../core/call.js";
import { allOperations, infoOf, paginatedPaths, paginationAt, type PaginationMeta } from "../../core/operations.js";
import { wholeNumber } from "../../core/options.js";
import type { Obj, PageFetch, WalkInput } from "./walk.js";

export const WALK_OPTIONS = ["maxItems", "maxPages", "lookAhead", "resumeFrom"] as const;
/** Where a walk starts: `resumeFrom`, else the page parameter in the query, else the first page; each value checked. */
export function startOf(meta: PaginationMeta, query: Obj, resumeFrom?: Obj): PagePosition {
  const at = (key: string): [field: string, value: unknown] => {
    const param = String(meta[`${key}Param`]);
    return resumeFrom && key in resumeFrom ? [`resumeFrom.${key}`, resumeFrom[key]] : [`query.${param}`, query[param]];
  };
  const spec = allOperations()[meta.operationId]?.query?.[String(meta.pageParam ?? meta.limitParam)];
  const first = (spec?.default as number | undefined) ?? spec?.minimum ?? 1; // of page numbers
  switch (meta.style) {
    case "cursor": {
      const [field, cursor = null] = at("cursor");
      if (cursor === null || typeof cursor === "string") return { cursor: cursor || null };
      throw new InvalidInputError(field, "must be a cursor string or null");
    }
    case "offset-total":
    case "offset-array": {
      // The limit goes with every request (the spec's default if none is given): both sides must agree on a short page.
      const offset = wholeNumber(...at("offset"), 0) ?? 0;
      return { offset, limit: wholeNumber(...at("limit"), 1) ?? (spec?.default as number | undefined) };
    }
    case "page-number":
      return { page: wholeNumber(...at("page"), spec?.minimum ?? first) ?? first };
    default: // a style the spec pipeline learned after this SDK was built: say so rather than guess
      throw new AlliError(`${meta.operationId} pages in the "${meta.style}" style, which this alli-sdk cannot walk`);
  }
}
export function createPaginate(fetchPage: (path: string, init: CallInit, stop: AbortSignal) => ReturnType<PageFetch>) {
  return (path: string, init: CallInit = {}, options: Obj = {}) => {
    const meta = paginationAt(undefined, path);
    if (!meta) throw new InvalidInputError("path", `must be a paginated path: ${paginatedPaths().join(", ")}`);
    const { resumeFrom, lookAhead = false } = options;
    if (resumeFrom !== undefined && (typeof resumeFrom !== "object" || resumeFrom === null))
      throw new InvalidInputError("options.resumeFrom", "must be a position object such as a page's `next`");
    if (typeof lookAhead !== "boolean") throw new InvalidInputError("options.lookAhead", "must be a boolean");
    const maxItems = wholeNumber("options.maxItems", options.maxItems, 1);
    const maxPages = wholeNumber("options.maxPages", options.maxPages, 1);
    const { params = {}, ...rest } = init;
    const query = params.query ?? {};
    const start = startOf(meta, query, resumeFrom as Obj | undefined);
    const operation = infoOf(meta.method.toUpperCase(), path, meta.operationId);
    const fetch: PageFetch = (pageQuery, stop) =>
      fetchPage(path, { ...rest, params: { ...params, query: { ...query, ...pageQuery } } }, stop);
    const input: WalkInput = { meta, operation, start, fetch, signal: rest.signal, maxItems, maxPages, lookAhead };
    const walk = async function* (what: "walkPages" | "walkItems") {
      yield* (await import("./walk.js"))[what](input);
    };
    return { pages: () => walk("walkPages"), [Symbol.asyncIterator]: () => walk("walkItems") };
  };
}
