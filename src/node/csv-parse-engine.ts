/** Node only: csv-parse's incremental parser for audit-log rows (RFC 4180, CRLF or LF; BOM, blank lines skipped). */
import { Parser } from "csv-parse";

type Push = (record: string[]) => void;
type TransformApi = { parse(buf: Buffer | undefined, end: boolean, push: Push, close: () => void): Error | undefined };
export function createCsvParseEngine() {
  // max_record_size (32 MiB): an unterminated quote would otherwise buffer the rest of the file.
  const parser = new Parser({ bom: true, skip_empty_lines: true, max_record_size: 32 * 1024 * 1024 });
  // Only the stream's transform `api` is used: a chunk's records at once, no stream hop per record (csv-parse 6.2.1).
  const { api } = parser as unknown as { api?: TransformApi };
  if (typeof api?.parse !== "function")
    throw new Error("this csv-parse has no Parser#api: alli-sdk reads CSV with csv-parse 6");
  /** Parses a chunk (with `end`, what is left); returns the error that stopped it, if any. */
  const parse = (chunk: Uint8Array | undefined, end: boolean, push: Push) =>
    api.parse(chunk && Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), end, push, () => {});
  return { parse };
}
