/**
 * alli.auditLogs: the audit-log CSV download (GET /webapi/v2/audit/logs/download) as a byte
 * stream, to a file, or as typed rows, in constant memory whatever the file's size.
 * Browser-safe: Node-only parts (the file system, Node streams, csv-parse) load on first use.
 */
import type { Readable } from "node:stream";
import { AlliError, InvalidInputError } from "./errors.js";
import type { ClientCore } from "./internal/call.js";
import { rowBuilder, type AuditLogRow } from "./internal/audit-logs/audit-log-columns.js";
import { checkDownloadQuery, openDownload, type AuditLogsOptions } from "./internal/audit-logs/open-download.js";
import { csvRecordBatches } from "./internal/csv/csv-records.js";
import { loadCsvEngine } from "./internal/csv/csv-engine.js";
import { isNode } from "./internal/runtime.js";

export type { AuditLogRow, AuditLogColumns } from "./internal/audit-logs/audit-log-columns.js";
export type { AuditLogsOptions, AuditLogsQuery } from "./internal/audit-logs/open-download.js";

/** A download in progress: the CSV bytes as they arrive, never buffered whole. */
export interface AuditLogDownload {
  /**
   * The CSV bytes. The stream errors with TruncatedDownloadError if the body breaks off or is
   * shorter than its Content-Length, so a cleanly ended stream is the whole file.
   */
  body: ReadableStream<Uint8Array>;
  /** Content-Length, when the server sent one for the bytes `body` yields. */
  contentLength: number | undefined;
  /** The HTTP response (status, headers); read the bytes from `body`, not from it. */
  response: Response;
  /** The server's request id, for support tickets. */
  requestId: string | undefined;
  /**
   * The same bytes as a Node.js Readable (Node only); read either this or `body`, not both.
   * To stop early, `body.cancel()` (or destroy the Readable): that closes the connection.
   */
  toNodeReadable(): Promise<Readable>;
}

/** How far a download to a file has come. */
export interface DownloadProgress {
  /** Bytes received so far. */
  bytes: number;
  /** The size of the file, when the server said (Content-Length). */
  total: number | undefined;
}

/** Options of downloadToFile: the download's, plus progress. */
export interface DownloadToFileOptions extends AuditLogsOptions {
  /** Called once the server answers (bytes 0) and after every chunk written. */
  onProgress?: (progress: DownloadProgress) => void;
}

/** A completed download to a file. */
export interface DownloadResult {
  /** The file written (as passed in). */
  path: string;
  /** The file's size. */
  bytes: number;
  /** The server's request id, for support tickets. */
  requestId: string | undefined;
}

/** The audit-log CSV download, three ways. Every method checks `query` against the spec before sending. */
export interface AuditLogs {
  /** The raw CSV as a stream of bytes (`body`; `toNodeReadable()` in Node). */
  download(options?: AuditLogsOptions): Promise<AuditLogDownload>;
  /**
   * Node only. Writes the CSV to a temporary file beside `path` (`.<name>.<random>.partial`) and
   * renames it to `path` only once the body is complete. On any failure (HTTP error, broken or
   * short body, abort) the temporary file is removed and a file already at `path` is left as it was.
   */
  downloadToFile(path: string, options?: DownloadToFileOptions): Promise<DownloadResult>;
  /**
   * The CSV's rows, keyed by its header row, parsed with csv-parse as they arrive (Node only).
   * Columns named like a property of the spec's `AuditLog` schema are converted: see AuditLogRow.
   * Throws InvalidInputError at once for a query the spec rejects. Stopping early closes the connection.
   */
  rows(options?: AuditLogsOptions): AsyncIterableIterator<AuditLogRow>;
}


async function* readRows(core: ClientCore, options: AuditLogsOptions): AsyncGenerator<AuditLogRow> {
  const createEngine = await loadCsvEngine(); // before the request: a runtime without it sends nothing
  const { body } = await openDownload(core, options);
  let build: ReturnType<typeof rowBuilder> | undefined;
  let row = 0;
  for await (const batch of csvRecordBatches(body, createEngine())) {
    for (const cells of batch) {
      if (build) yield build(cells, ++row);
      else build = rowBuilder(cells);
    }
  }
}

/** @internal Creates `alli.auditLogs` over the client's core. */
export function createAuditLogs(core: ClientCore): AuditLogs {
  return {
    async download(options = {}) {
      const { body, contentLength, response, requestId } = await openDownload(core, options);
      return {
        body,
        contentLength,
        response,
        requestId,
        async toNodeReadable() {
          const { toNodeReadable } = await import("./node/node-readable.js");
          return toNodeReadable(body);
        },
      };
    },

    async downloadToFile(path, options = {}) {
      if (typeof path !== "string" || path === "") throw new InvalidInputError("path", "must be a non-empty file path");
      checkDownloadQuery(options.query);
      if (!isNode()) throw new AlliError("alli.auditLogs.downloadToFile() writes a file, so it needs Node.js; use download() elsewhere");
      const { downloadToFile } = await import("./node/download-to-file.js");
      const { onProgress, ...rest } = options;
      let total: number | undefined;
      return downloadToFile(path, async () => {
        const opened = await openDownload(core, rest, onProgress && ((bytes) => onProgress({ bytes, total })));
        total = opened.contentLength;
        try {
          onProgress?.({ bytes: 0, total });
        } catch (error) {
          await opened.body.cancel(error); // the caller's callback failed: close the connection
          throw error;
        }
        return opened;
      });
    },

    rows(options = {}) {
      checkDownloadQuery(options.query);
      return readRows(core, options);
    },
  };
}
