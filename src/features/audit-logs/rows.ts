/** Audit-log CSV records to rows keyed by the header row; the columns of the spec's `AuditLog` are converted. */
import type { components } from "../../../generated/schema.js";
import { parseDateTime } from "../../core/date-time.js";
import { AlliError } from "../../errors/errors.js";
import { excerpt } from "../../errors/redact.js";

type AuditLog = components["schemas"]["AuditLog"];
// The CSV's columns are undocumented: those named like an `AuditLog` property are converted (date-time → Date, no
// offset meaning UTC; object → the parsed JSON object; a nullable one's empty cell → null). tsc checks the table:
type ColumnTable = {
  readonly [K in keyof AuditLog]-?: {
    readonly kind: [AuditLog[K] & {}] extends [string] ? "string" | "date-time" : "json-object";
    readonly nullable: null extends AuditLog[K] ? true : false;
  };
};
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
type Key = keyof Columns;
type KindValue = { string: string; "date-time": Date; "json-object": Record<string, unknown> | string };
/** The typed columns of a row, present when the CSV has a column of that name. */
export type AuditLogColumns = {
  -readonly [K in Key]?: KindValue[Columns[K]["kind"]] | (Columns[K]["nullable"] extends true ? null : never);
};
/** One CSV row keyed by the header row: `AuditLog` columns are converted (see AuditLogColumns), others are text. */
export type AuditLogRow = AuditLogColumns & { [column: string]: string | undefined };
function convert({ kind, nullable }: Columns[Key], cell: string, row: number, name: string): unknown {
  if (nullable && (cell === "" || (kind === "json-object" && cell === "null"))) return null;
  if (kind === "date-time") {
    const date = parseDateTime(cell);
    if (date) return date;
    const where = `audit-log CSV row ${row} (after the header), column ${name}`;
    throw new AlliError(`${where}: ${excerpt(cell, 60)} is not a date-time (the spec's format: date-time)`);
  }
  // Only text that can be a JSON object is parsed (trying every cell would cost time); such text is one or throws.
  try {
    return kind === "json-object" && cell[0] === "{" ? (JSON.parse(cell) as unknown) : cell;
  } catch {
    return cell;
  }
}
export function rowBuilder(names: readonly string[]): (cells: readonly string[], row: number) => AuditLogRow {
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw new AlliError(`audit-log CSV header names the column ${JSON.stringify(twice)} twice`);
  const columns = names.map((name) => (Object.hasOwn(AUDIT_LOG_COLUMNS, name) ? AUDIT_LOG_COLUMNS[name as Key] : null));
  const proto = names.indexOf("__proto__"); // a plain assignment to it would set the prototype: it is defined instead
  return (cells, rowNumber) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const value = columns[i] ? convert(columns[i]!, cells[i]!, rowNumber, names[i]!) : cells[i];
      if (i === proto)
        Object.defineProperty(row, "__proto__", { value, enumerable: true, writable: true, configurable: true });
      else row[names[i]!] = value;
    }
    return row as AuditLogRow;
  };
}
/** Rows of a CSV's records (the first one its header), as the one CSV reader gives them: node/csv-records.ts. */
export async function* csvRows(records: AsyncIterable<string[][]>): AsyncGenerator<AuditLogRow> {
  let [build, width, row]: [ReturnType<typeof rowBuilder> | undefined, number, number] = [undefined, 0, 0];
  for await (const batch of records)
    for (const cells of batch) {
      if (build && cells.length !== width) {
        const why = `row ${row + 1} (after the header) has ${cells.length} cells, the header ${width}`;
        throw new AlliError(`the audit-log CSV is malformed: Invalid Record Length: ${why}`);
      }
      if (build) yield build(cells, ++row);
      else [build, width] = [rowBuilder(cells), cells.length];
    }
}
