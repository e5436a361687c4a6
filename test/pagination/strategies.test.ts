/**
 * The paging strategies as pure functions of the metadata and the page bodies (no HTTP): the
 * cases a spec-valid server cannot produce through Prism, and metadata no operation has yet.
 */
import { describe, expect, it } from "vitest";
import { AlliError } from "../../src/index.js";
import type { PaginationMeta } from "../../src/core/operations.js";
import { startOf } from "../../src/features/pagination/paginate.js";
import { GuardViolation, strategyFor } from "../../src/features/pagination/walk.js";

/** The strategy of a walk of `meta` from where `query` and `resumeFrom` say it starts, and that start. */
function chooseStrategy(
  meta: Omit<PaginationMeta, "method">,
  query: Record<string, unknown>,
  resumeFrom?: Record<string, unknown>,
) {
  const full = { method: "get", ...meta } as PaginationMeta;
  const start = startOf(full, query, resumeFrom);
  return { start, ...strategyFor(full, start) };
}

const cursorMeta = {
  style: "cursor",
  operationId: "listWidgets",
  itemsField: "widgets",
  cursorParam: "after",
  cursorField: "nextAfter",
};
const totalMeta = {
  style: "offset-total",
  operationId: "listWidgets",
  itemsField: "rows",
  offsetParam: "skip",
  limitParam: "take",
  totalField: "total",
};
const pageMeta = { style: "page-number", operationId: "listWidgets", itemsField: "rows", pageParam: "page" };

describe("chooseStrategy", () => {
  it("walks a style by the names its metadata gives, whatever they are", () => {
    const cursor = chooseStrategy(cursorMeta, {});
    expect(cursor.query(cursor.start)).toEqual({ after: undefined });
    const read = cursor.read({ widgets: [1, 2], nextAfter: "w2" }, cursor.start);
    expect(read).toEqual({ items: [1, 2], next: { cursor: "w2" } });
    expect(cursor.query(read.next!)).toEqual({ after: "w2" });

    const offset = chooseStrategy(totalMeta, { take: 2 });
    expect(offset.query(offset.start)).toEqual({ skip: 0, take: 2 });
    expect(offset.read({ rows: ["a", "b"], total: 3 }, offset.start).next).toEqual({ offset: 2, limit: 2 });
  });

  it("refuses a style this SDK does not know, naming it", () => {
    expect(() => chooseStrategy({ style: "link-header", operationId: "listWidgets" }, {})).toThrow(AlliError);
    expect(() => chooseStrategy({ style: "link-header", operationId: "listWidgets" }, {})).toThrow(
      /"link-header" style/,
    );
  });
});

describe("malformed pages", () => {
  it("an items field that is not an array", () => {
    const cursor = chooseStrategy(cursorMeta, {});
    expect(() => cursor.read({ widgets: { a: 1 }, nextAfter: null }, cursor.start)).toThrow(GuardViolation);
    expect(() => cursor.read({ nextAfter: null }, cursor.start)).toThrow(/"widgets" is not an array/);
  });

  it("a cursor that is not a string", () => {
    const cursor = chooseStrategy(cursorMeta, {});
    expect(() => cursor.read({ widgets: [1], nextAfter: 7 }, cursor.start)).toThrow(
      /"nextAfter" is 7, not a cursor string/,
    );
  });

  it("a total that is missing or not a whole number", () => {
    const offset = chooseStrategy(totalMeta, { take: 2 });
    expect(() => offset.read({ rows: [1] }, offset.start)).toThrow(/"total" is undefined, not a whole number/);
    expect(() => offset.read({ rows: [1], total: 2.5 }, offset.start)).toThrow(GuardViolation);
  });
});

describe("advancing", () => {
  it("advances the offset by the items that came, not the limit asked, when the server caps the page", () => {
    const offset = chooseStrategy(totalMeta, { take: 50 });
    const read = offset.read({ rows: Array(20).fill("x"), total: 100 }, offset.start);
    expect(read.next).toEqual({ offset: 20, limit: 50 });
  });

  it("without a page size or total in the metadata, only an empty page ends a page-number walk", () => {
    const pages = chooseStrategy(pageMeta, {});
    expect(pages.start).toEqual({ page: 1 });
    expect(pages.read({ rows: [1] }, { page: 1 }).next).toEqual({ page: 2 });
    expect(pages.read({ rows: [] }, { page: 2 }).next).toBeNull();
  });

  it("a page-number walk resumed mid-list counts items from where it started", () => {
    const pages = chooseStrategy({ ...pageMeta, pageSize: 10, totalField: "count" }, {}, { page: 3 });
    // Pages 1 and 2 held 20 items: page 3's 10 bring the count to 30 of 30.
    expect(pages.read({ rows: Array(10).fill(0), count: 30 }, pages.start).next).toBeNull();
    expect(() => pages.read({ rows: Array(10).fill(0), count: 25 }, pages.start)).toThrow(
      /count to 30, past the total of 25/,
    );
  });
});
