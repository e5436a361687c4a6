/** Node only: csv-parse's incremental parser as the audit-log rows' CsvEngine (loaded on first use). */
import { Parser } from "csv-parse";
import type { CsvEngine } from "../features/audit-logs/rows.js";

/** Longest record, in bytes: an unterminated quote would otherwise buffer the rest of the file. */
export const MAX_RECORD_BYTES = 32 * 1024 * 1024;

/** csv-parse's transform API, which its `Parser` stream wraps: parse(buf, end, push, close). */
interface TransformApi {
  parse(buf: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
}

const noop = () => {};

/** A fresh parser: RFC 4180 quoting, CRLF or LF, a UTF-8 BOM skipped, blank lines skipped. */
export function createCsvParseEngine(): CsvEngine {
  // The Parser stream only holds its `api` here: records are pushed to us synchronously, a whole
  // chunk's worth at a time, with no stream hop per record (csv-parse 6 is pinned exactly).
  const parser = new Parser({ bom: true, skip_empty_lines: true, max_record_size: MAX_RECORD_BYTES });
  const api = (parser as unknown as { api: TransformApi }).api;
  return {
    parse: (chunk, end, push) => api.parse(chunk && Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), end, push, noop),
  };
}
