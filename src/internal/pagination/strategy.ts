/**
 * What every paging style has in common: where a walk starts, the query that fetches a page, and
 * how a fetched page says what comes next. The style is read from the spec's `x-alli-pagination`
 * metadata (generated/operations.ts), never from a list of paths, so a paginated operation a
 * documentation update adds works with no SDK edit.
 */
import { cutAfterRedacting } from "../redact.js";
import { operations, type paginated, type PaginatedPath } from "../../../generated/operations.js";
import type { PagePosition } from "../../pagination-types.js";

/** The `x-alli-pagination` metadata of one operation. */
export type PaginationMeta = (typeof paginated)[PaginatedPath];


/** A fetched page, read: its items and where the next one starts (`null`: this was the last page). */
export interface PageReading {
  items: unknown[];
  next: PagePosition | null;
}

/** One style of paging, with the state a single walk needs for its guards. */
export interface PageStrategy {
  /** Where the walk starts. */
  readonly start: PagePosition;
  /** The query parameters that fetch the page at `position`, laid over the caller's own query. */
  query(position: PagePosition): Record<string, unknown>;
  /** Reads the page fetched at `position`; throws a GuardViolation when the server misbehaves. */
  read(data: unknown, position: PagePosition): PageReading;
}

/** A server answer that would make the walk loop or duplicate; the walker turns it into an AlliError. */
export class GuardViolation extends Error {
  override name = "GuardViolation";
}

/** The page's items: the array at `itemsField`, or the body itself when the page is a bare array. */
export function itemsOf(meta: { itemsField?: string }, data: unknown): unknown[] {
  const items = meta.itemsField === undefined ? data : (data as Record<string, unknown> | null)?.[meta.itemsField];
  if (!Array.isArray(items)) {
    const where = meta.itemsField === undefined ? "the response body" : `the response's "${meta.itemsField}"`;
    throw new GuardViolation(`${where} is not an array of items`);
  }
  return items;
}

/** What the spec says of one query parameter (its `default`, `minimum`), from the generated metadata. */
export function queryParamSpec(operationId: string, param: string): { default?: unknown; minimum?: number } | undefined {
  type Query = Record<string, { default?: unknown; minimum?: number }>;
  return (operations as Record<string, { query?: Query }>)[operationId]?.query?.[param];
}

/** A server value for an error message, cut short: a cursor can be kilobytes of base64. */
export function quote(value: unknown): string {
  // Redacted before the cut: a cut through an echoed key would leave a piece no longer recognised.
  return cutAfterRedacting(JSON.stringify(value) ?? String(value), 77);
}

/** A whole number from a server body, or undefined when it is not one. */
export function wholeNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}
