/**
 * The object `alli.paginate` returns: items with `for await`, pages with `.pages()`. Lazy (nothing
 * is sent before the loop starts), and each loop is a fresh walk from the start position.
 */
import { InvalidInputError } from "../../errors.js";
import type { PaginateOptions } from "../../pagination-types.js";
import { optionalWholeNumber } from "../whole-number.js";
import { operationInfo, type ClientCore } from "../call.js";
import { chooseStrategy, type AnyPaginationMeta } from "./choose-strategy.js";
import { abortError } from "./page-errors.js";
import { walkPages, type WalkedPage } from "./walk-pages.js";


/** The iterator before the public types narrow it per path. */
export interface RawPageIterator {
  [Symbol.asyncIterator](): AsyncGenerator<unknown, void, undefined>;
  pages(): AsyncGenerator<WalkedPage, void, undefined>;
}

function cap(options: PaginateOptions, name: "maxItems" | "maxPages"): number | undefined {
  return optionalWholeNumber(`options.${name}`, options[name], 1);
}

/** Builds the iterator for one paginated operation, from its `x-alli-pagination` metadata. */
export function createPageIterator(
  core: ClientCore,
  path: string,
  meta: AnyPaginationMeta & { method: string },
  init: Record<string, any> = {},
  options: PaginateOptions = {},
): RawPageIterator {
  const { resumeFrom } = options;
  if (resumeFrom !== undefined && (typeof resumeFrom !== "object" || resumeFrom === null)) {
    throw new InvalidInputError("options.resumeFrom", "must be a position object such as a page's `next`");
  }
  if (options.lookAhead !== undefined && typeof options.lookAhead !== "boolean") throw new InvalidInputError("options.lookAhead", "must be a boolean");
  const maxItems = cap(options, "maxItems");
  const maxPages = cap(options, "maxPages");
  const query: Record<string, unknown> = init.params?.query ?? {};
  // Built once now so that a bad start position fails here, before the network.
  chooseStrategy(meta, query, resumeFrom);
  const method = meta.method.toUpperCase() as "GET";
  const walk = () =>
    walkPages({
      core,
      method,
      path,
      init,
      strategy: () => chooseStrategy(meta, query, resumeFrom),
      maxItems,
      maxPages,
      lookAhead: options.lookAhead ?? false,
    });
  const signal: AbortSignal | undefined = init.signal;
  const operation = operationInfo(method, path);
  return {
    pages: walk,
    async *[Symbol.asyncIterator]() {
      for await (const page of walk()) {
        for (const item of page.items) {
          // The page is already here; the signal still stops the loop between two items.
          if (signal?.aborted) throw abortError(operation, signal);
          yield item;
        }
      }
    },
  };
}
