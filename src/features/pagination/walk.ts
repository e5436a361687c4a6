/** The walk, loaded on the first page asked for: each style's reading and guards, the caps, look-ahead, page errors. */
import { AlliError, APIUserAbortError, describeOperation, type OperationInfo } from "../../errors/errors.js";
import type { FailedPage, PagePosition } from "../../errors/errors.js";
import { cutAfterRedacting, redact, redactText } from "../../errors/redact.js";
import { allOperations, type PaginationMeta } from "../../core/operations.js";
import type { AlliResponse } from "../method-types.js";
import type { PaginateOptions } from "./types.js";

export type Obj = Record<string, unknown>;
export type PageFetch = (query: Obj, stop: AbortSignal) => Promise<AlliResponse<unknown>>;
type WalkTarget = { meta: PaginationMeta; operation: OperationInfo; start: PagePosition; fetch: PageFetch };
export type WalkInput = WalkTarget & Omit<PaginateOptions, "resumeFrom"> & { signal?: AbortSignal };
type Reading = { items: unknown[]; next: PagePosition | null };
type WalkedPage = FailedPage & AlliResponse<unknown> & Reading;
type Position = { cursor: string | null; offset: number; limit?: number; page: number };
/** A server answer that would make the walk loop or duplicate; the walk makes it an AlliError naming the page. */
export class GuardViolation extends Error {}
function guard(ok: unknown, message: string): asserts ok {
  if (!ok) throw new GuardViolation(message);
}
const quote = (value: unknown) => cutAfterRedacting(JSON.stringify(value) ?? String(value), 77); // cursors can be long
function totalOf({ totalField: field }: PaginationMeta, data: Obj, optional: boolean): number | undefined {
  const total = field === undefined ? undefined : data[field];
  if (field === undefined || (optional && total === undefined)) return undefined;
  const whole = Number.isInteger(total) && Number(total) >= 0;
  guard(whole, `the response's "${field}" is ${quote(total)}, not a whole number`);
  return Number(total);
}
type FindNext = (items: unknown[], data: Obj, at: Position) => PagePosition | null;
function nextFinder(meta: PaginationMeta, start: PagePosition): FindNext {
  if (meta.style === "cursor") {
    const followed = new Set([(start as Position).cursor]); // one coming back: the server walks in a circle
    let emptyInARow = 0;
    return (items, data) => {
      const next = data[String(meta.cursorField)];
      if (next === null || next === undefined || next === "") return null;
      guard(typeof next === "string", `the response's "${meta.cursorField}" is ${quote(next)}, not a cursor string`);
      guard(!followed.has(next), `the server sent cursor ${quote(next)} again: following it would loop forever`);
      // One empty page naming a next cursor is legal (a filtered scan can come back empty); a run pages nowhere.
      emptyInARow = items.length ? 0 : emptyInARow + 1;
      guard(emptyInARow < 2, `${emptyInARow} pages in a row came back empty with a next cursor`);
      followed.add(next);
      return { cursor: next };
    };
  }
  if (meta.style === "page-number") {
    const spec = allOperations()[meta.operationId]?.query?.[String(meta.pageParam)];
    const firstPage = (spec?.default as number | undefined) ?? spec?.minimum ?? 1;
    const pageSize = meta.pageSize as number | undefined;
    return (items, data, { page }) => {
      // The body echoes its page number: a server that ignores the parameter answers page 1 over and over.
      const echoed = data[String(meta.pageParam)];
      if (typeof echoed === "number")
        guard(echoed === page, `asked for page ${page}, the server answered with page ${echoed}`);
      const total = totalOf(meta, data, true) ?? Infinity;
      const through = pageSize === undefined ? -1 : (page - firstPage) * pageSize + items.length; // -1: unknown
      guard(through <= total, `page ${page} brings the item count to ${through}, past the total of ${total}`);
      return items.length === 0 || items.length < (pageSize ?? 0) || through >= total ? null : { page: page + 1 };
    };
  }
  return (items, data, { offset, limit }) => {
    // Advance by what arrived, not by the limit: a server that caps the limit must not make the walk skip items.
    const next = { offset: offset + items.length, limit };
    if (meta.totalField === undefined) return items.length < (limit ?? 1) ? null : next;
    const total = totalOf(meta, data, false)!;
    guard(next.offset <= total, `offset ${offset} holds ${items.length} items, past the total of ${total}`);
    guard(items.length || offset >= total, `offset ${offset} is empty though the server reported a total of ${total}`);
    return next.offset >= total ? null : next;
  };
}
export function strategyFor(meta: PaginationMeta, start: PagePosition) {
  const nextOf = nextFinder(meta, start);
  const field = meta.itemsField;
  const param = (key: string) => String(meta[`${key}Param`]);
  let previous: string | undefined;
  return {
    query: (position: PagePosition): Obj =>
      Object.fromEntries(Object.entries(position).map(([k, v]): [string, unknown] => [param(k), v ?? undefined])),
    read(data: unknown, position: PagePosition): Reading {
      const items: unknown = field === undefined ? data : (data as Obj | null)?.[field];
      guard(Array.isArray(items), `${field === undefined ? "the body" : `the response's "${field}"`} is not an array`);
      const next = nextOf(items, data as Obj, position as Position);
      // Catches a server ignoring our offsets or page numbers; an empty page in between must not hide a repeat.
      const current = items.length ? JSON.stringify([items.length, items[0], items.at(-1)]) : previous;
      guard(!items.length || current !== previous, "the server sent the same items as on the page before");
      previous = current;
      return { items, next };
    },
  };
}
function pageError(error: unknown, page: FailedPage, operation: OperationInfo): unknown {
  if (error instanceof GuardViolation)
    error = new AlliError(`${describeOperation(operation)}: ${error.message}; the walk stopped`, { operation });
  if (!(error instanceof Error) || Object.hasOwn(error, "page")) return error;
  // Redacted as every other field: the position holds a cursor the server sent, which may echo a secret.
  Object.defineProperty(error, "page", { value: redact(page), enumerable: true, configurable: true });
  const where = Object.entries(page.position).flatMap(([k, v]) =>
    v === undefined ? [] : v === null ? "no cursor: the first page" : `${k === "page" ? "page number" : k} ${quote(v)}`,
  );
  // The page's cursor is the server's text, which may echo a secret.
  error.message = redactText(`${error.message} — page ${page.index + 1} of the walk (${where.join(", ")})`);
  return error;
}
const aborted = (operation: OperationInfo, signal: AbortSignal) =>
  new APIUserAbortError(`${describeOperation(operation)}: the walk was aborted`, { operation, cause: signal.reason });
export async function* walkPages(input: WalkInput): AsyncGenerator<WalkedPage, void, undefined> {
  const { maxItems = Infinity, maxPages = Infinity, signal, operation } = input;
  const strategy = strategyFor(input.meta, input.start);
  const stop = new AbortController(); // beside the caller's signal: cancels a look-ahead when the caller leaves
  const fetchPage = async (position: PagePosition, index: number): Promise<WalkedPage> => {
    try {
      const { data, response, requestId } = await input.fetch(strategy.query(position), stop.signal);
      return { ...strategy.read(data, position), data, response, requestId, index, position };
    } catch (error) {
      throw pageError(error, { index, position }, operation);
    }
  };
  let inFlight: Promise<WalkedPage> | undefined = fetchPage(input.start, 0);
  let itemsSoFar = 0;
  try {
    while (inFlight) {
      const page: WalkedPage = await inFlight;
      if (signal?.aborted) throw aborted(operation, signal); // even if a look-ahead came first
      if (itemsSoFar + page.items.length > maxItems) page.items = page.items.slice(0, maxItems - itemsSoFar);
      itemsSoFar += page.items.length;
      const more = page.next !== null && page.index + 1 < maxPages && itemsSoFar < maxItems;
      const fetchNext = () => (more ? fetchPage(page.next!, page.index + 1) : undefined);
      // One page ahead at most; if the caller leaves, the look-ahead fails unawaited: no unhandled rejection.
      inFlight = input.lookAhead ? fetchNext() : undefined;
      inFlight?.catch(() => {});
      yield page;
      inFlight ??= fetchNext();
    }
  } finally {
    stop.abort(new Error("the caller left the walk"));
  }
}
export async function* walkItems(input: WalkInput): AsyncGenerator<unknown, void, undefined> {
  for await (const page of walkPages(input))
    for (const item of page.items) {
      if (input.signal?.aborted) throw aborted(input.operation, input.signal); // between items too
      yield item;
    }
}
