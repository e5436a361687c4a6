/** The public types of `alli.auditLogs`: the audit-log CSV download as a stream, to a file, or as rows. */
import type { Readable } from "node:stream";
import type { operations } from "../../../generated/operations.js";
import type { paths } from "../../../generated/schema.js";
import type { RequestOptions } from "../../core/options.js";
import type { AuditLogRow } from "./rows.js";

type DownloadPath = (typeof operations)["downloadAuditLogs"]["path"];
/** The download operation's query parameters, from the spec. */
export type AuditLogsQuery = NonNullable<paths[DownloadPath]["get"]["parameters"]["query"]>;
/** Options every `alli.auditLogs` method takes. */
export interface AuditLogsOptions extends Pick<RequestOptions, "maxRetries" | "user" | "signal"> {
  /** The download operation's query: `createdAt`, `beforeRange` (1–31 days), `email`, `apiRequestType`, `params`. */
  query?: AuditLogsQuery;
  /** Milliseconds each attempt may wait for the response headers (default: the client's `timeout`), not the body. */
  timeout?: number;
  /** Milliseconds the body may send nothing before the download is given up (default: the client's `idleTimeout`). */
  idleTimeout?: number;
  /** The most bytes the download may carry (default: no limit): past it, it stops with an AlliError. */
  maxBytes?: number;
}
/** A download in progress: the CSV bytes as they arrive, never buffered whole. */
export interface AuditLogDownload {
  /** The CSV bytes; a short or broken body errors with TruncatedDownloadError, so a clean end is the whole file. */
  body: ReadableStream<Uint8Array>;
  /** Content-Length, when the server sent one for the bytes `body` yields. */
  contentLength: number | undefined;
  /** The HTTP response (status, headers); read the bytes from `body`, not from it. */
  response: Response;
  /** The server's request id, for support tickets. */
  requestId: string | undefined;
  /** The same bytes as a Node.js Readable (Node only): read it or `body`, not both; destroy it to stop early. */
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
/** An export's period and options: any span, cut into downloads of at most 31 days. */
export interface ExportOptions extends Omit<AuditLogsOptions, "query"> {
  /** The start (included): a Date, or an RFC 3339 date or date-time (UTC without an offset). */
  since: Date | string;
  /** The end (excluded), not in the future; default now (on a resume, the interrupted run's). */
  until?: Date | string;
  /** The download's query but `createdAt` and `beforeRange`, which the export sets per window. */
  query?: Omit<AuditLogsQuery, "createdAt" | "beforeRange">;
}
/** How far an export has come: windows done of all, and bytes written. */
export type ExportProgress = { windowsDone: number; windows: number; bytes: number };
/** Options of exportToFile: the export's, progress, and whether to resume an interrupted run (default true). */
export interface ExportToFileOptions extends ExportOptions {
  onProgress?: (progress: ExportProgress) => void;
  resume?: boolean;
}
/** A completed export: the file, its size, and the windows it took. */
export type ExportResult = { path: string; bytes: number; windows: number };
/** The audit-log CSV download, three ways. Every method checks `query` against the spec before sending. */
export interface AuditLogs {
  /** The raw CSV as a stream of bytes (`body`; `toNodeReadable()` in Node); `body.cancel()` closes the connection. */
  download(options?: AuditLogsOptions): Promise<AuditLogDownload>;
  /** Node only: writes the CSV to a `.partial` file beside `path`, renamed to it once complete, removed on failure. */
  downloadToFile(path: string, options?: DownloadToFileOptions): Promise<DownloadResult>;
  /** The rows as they arrive (Node only); a bad query throws at the call; stopping early closes the connection. */
  rows(options?: AuditLogsOptions): AsyncIterableIterator<AuditLogRow>;
  /** Node only: the logs of [since, until) as one CSV file, each row once; after a failure or a kill, the same call
   * goes on from the first unfinished window (`.FILE.export.partial` and its `.json` checkpoint). */
  exportToFile(path: string, options: ExportToFileOptions): Promise<ExportResult>;
  /** The rows of [since, until), each once, oldest window first (Node only); a bad period throws at the call. */
  exportRows(options: ExportOptions): AsyncIterableIterator<AuditLogRow>;
}
