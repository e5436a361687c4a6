/** Node only: csv-parse's incremental parser for the audit-log rows, loaded on first use. */
import { Parser } from "csv-parse";

/** csv-parse's transform API, which its `Parser` stream wraps. */
type TransformApi = {
  parse(buf: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
};

/** A fresh parser: RFC 4180 quoting, CRLF or LF, a UTF-8 BOM skipped, blank lines skipped. */
export function createCsvParseEngine() {
  // max_record_size (32 MiB): an unterminated quote would otherwise buffer the rest of the file.
  const parser = new Parser({ bom: true, skip_empty_lines: true, max_record_size: 32 * 1024 * 1024 });
  // Only the stream's `api` is used: it pushes a chunk's records at once, no stream hop per record (csv-parse 6.2.1).
  const { api } = parser as unknown as { api: TransformApi };
  return {
    /** Parses a chunk (with `end`, what is left); returns the error that stopped it, if any. */
    parse: (chunk: Uint8Array | undefined, end: boolean, push: (record: string[]) => void) =>
      api.parse(chunk && Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), end, push, () => {}),
  };
}
