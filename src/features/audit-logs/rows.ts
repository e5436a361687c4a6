/**
 * What an audit-log CSV column holds, for the columns named like a property of the list
 * endpoint's `AuditLog` schema, and the conversion of a record into a row object.
 *
 * The CSV's columns are not documented, so a row is `Record<string, string>` except for columns
 * whose header matches an `AuditLog` property:
 * - `format: date-time` (createdAt) → `Date` (a missing offset means UTC, as the spec says);
 * - an object (agent, variables, query, body) → the parsed JSON object when the cell parses as
 *   one, else the cell's text unchanged;
 * - a string (id, ip, method, path, operation, mutation) → the text;
 * - and, for a nullable property, an empty cell → `null`.
 * The table below is checked against the generated `AuditLog` type by tsc (every property, its
 * nullability, string vs object) and against the spec's formats by a test. The CSV itself is
 * parsed by csv-parse (src/node/csv-parse-engine.ts), a chunk's records at a time.
 */
import type { components } from "../../../generated/schema.js";
import { chunksOf, type BodySource } from "../../core/body.js";
import { parseDateTime } from "../../core/date-time.js";
import { AlliError } from "../../errors/errors.js";
import { excerpt } from "../../errors/redact.js";

type AuditLog = components["schemas"]["AuditLog"];

type KindOf<T> = [NonNullable<T>] extends [string] ? "string" | "date-time" : [NonNullable<T>] extends [object] ? "json-object" : never;

type ColumnTable = {
  readonly [K in keyof AuditLog]-?: { readonly kind: KindOf<AuditLog[K]>; readonly nullable: null extends AuditLog[K] ? true : false };
};

/** How each `AuditLog` property is read from a CSV cell. */
export const AUDIT_LOG_COLUMNS = {
  id: { kind: "string", nullable: false },
  createdAt: { kind: "date-time", nullable: false },
  agent: { kind: "json-object", nullable: true },
  ip: { kind: "string", nullable: true },
  operation: { kind: "string", nullable: true },
  mutation: { kind: "string", nullable: true },
  method: { kind: "string", nullable: true },
  path: { kind: "string", nullable: true },
  variables: { kind: "json-object", nullable: true },
  query: { kind: "json-object", nullable: true },
  body: { kind: "json-object", nullable: true },
} as const satisfies ColumnTable;

type Columns = typeof AUDIT_LOG_COLUMNS;
type ValueOf<C> = C extends { kind: "date-time" } ? Date : C extends { kind: "json-object" } ? Record<string, unknown> | string : string;

/** The typed columns of a row, present when the CSV has a column of that name. */
export type AuditLogColumns = {
  -readonly [K in keyof Columns]?: Columns[K] extends { nullable: true } ? ValueOf<Columns[K]> | null : ValueOf<Columns[K]>;
};

/**
 * One CSV row keyed by the header row: columns named like an `AuditLog` property are typed and
 * converted (see AuditLogColumns), every other column is the cell's text.
 */
export type AuditLogRow = AuditLogColumns & { [column: string]: string | undefined };


const isKnown = (name: string): name is keyof Columns => Object.hasOwn(AUDIT_LOG_COLUMNS, name);

// How a column's cells are read; numbers, so that the per-cell switch below stays cheap.
const TEXT = 0, NULLABLE_TEXT = 1, DATE = 2, NULLABLE_DATE = 3, JSON_OBJECT = 4, NULLABLE_JSON_OBJECT = 5;

function readingOf(name: string): number {
  if (!isKnown(name)) return TEXT;
  const { kind, nullable } = AUDIT_LOG_COLUMNS[name];
  const base = kind === "date-time" ? DATE : kind === "json-object" ? JSON_OBJECT : TEXT;
  return nullable ? base + 1 : base;
}

/** `row` is the record's number after the header (1-based), for the error message. */
function toDate(cell: string, row: number, column: string): Date {
  const date = parseDateTime(cell);
  if (date) return date;
  throw new AlliError(`audit-log CSV row ${row} (after the header), column ${column}: ${excerpt(cell, 60)} is not a date-time (the spec's format: date-time)`);
}

function toJsonObject(cell: string, nullable: boolean): unknown {
  // Only text that can be a JSON object is parsed: trying every cell would cost time.
  if (cell.charCodeAt(0) !== 123 /* { */) return nullable && cell === "null" ? null : cell;
  try {
    const value: unknown = JSON.parse(cell);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : cell;
  } catch {
    return cell;
  }
}

/** Turns records into rows keyed by `header`; throws for a header that names a column twice. */
export function rowBuilder(header: readonly string[]): (cells: readonly string[], row: number) => AuditLogRow {
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new AlliError(`audit-log CSV header names the column ${JSON.stringify(name)} twice`);
    seen.add(name);
  }
  const names = [...header];
  const readings = names.map(readingOf);
  // "__proto__" as a plain assignment would set the prototype; a header may still name it.
  const plain = !names.includes("__proto__");
  return (cells, rowNumber) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const cell = cells[i]!;
      let value: unknown = cell;
      switch (readings[i]) {
        case NULLABLE_TEXT:
          if (cell === "") value = null;
          break;
        case DATE:
          value = toDate(cell, rowNumber, names[i]!);
          break;
        case NULLABLE_DATE:
          value = cell === "" ? null : toDate(cell, rowNumber, names[i]!);
          break;
        case JSON_OBJECT:
          value = toJsonObject(cell, false);
          break;
        case NULLABLE_JSON_OBJECT:
          value = cell === "" ? null : toJsonObject(cell, true);
          break;
      }
      if (plain) row[names[i]!] = value;
      else Object.defineProperty(row, names[i]!, { value, enumerable: true, writable: true, configurable: true });
    }
    return row as AuditLogRow;
  };
}

/** What the rows need from a CSV parser: bytes in, records out, one engine per document. */
export interface CsvEngine {
  /** Parses a chunk (or, with `end`, what is left); returns the error that stopped it, if any. */
  parse(chunk: Uint8Array | undefined, end: boolean, push: (cells: string[]) => void): Error | undefined;
}

/**
 * The rows of a CSV body, keyed by its header row, a chunk's records at a time: memory stays at
 * one chunk plus the records it completed. Stopping early cancels the body (closing a download's
 * connection); malformed CSV is an AlliError.
 */
export async function* csvRows(source: BodySource, engine: CsvEngine): AsyncGenerator<AuditLogRow> {
  let build: ReturnType<typeof rowBuilder> | undefined;
  let row = 0;
  const batch: string[][] = [];
  const push = (cells: string[]) => void batch.push(cells);
  const chunks = chunksOf(source);
  try {
    for (let done = false; !done; ) {
      const next = await chunks.next();
      done = Boolean(next.done);
      const error = engine.parse(next.value, done, push);
      if (error) throw new AlliError(`the audit-log CSV is malformed: ${error.message}`, { cause: error });
      for (const cells of batch.splice(0)) {
        if (build) yield build(cells, ++row);
        else build = rowBuilder(cells);
      }
    }
  } finally {
    await chunks.return?.();
  }
}
