/**
 * The CSV parser behind rows(): csv-parse, loaded on first use from src/node/ because it needs
 * Node's Buffer and `stream`, so the browser entry never bundles it and other runtimes get a
 * clear error instead.
 */
import { AlliError } from "../../errors.js";
import { isNode } from "../runtime.js";
import type { CsvEngine } from "./csv-records.js";


/** Returns a factory of engines: quoted commas and newlines, doubled quotes, CRLF, BOM, UTF-8. */
export async function loadCsvEngine(): Promise<() => CsvEngine> {
  if (!isNode()) {
    throw new AlliError("Parsing the audit-log CSV needs Node.js (csv-parse uses Node's Buffer); elsewhere, read alli.auditLogs.download() with a CSV parser of your own");
  }
  const { createCsvParseEngine } = await import("../../node/csv-parse-engine.js");
  return createCsvParseEngine;
}
