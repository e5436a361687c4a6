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
/** The audit-log CSV download, three ways. Every method checks `query` against the spec before sending. */
export interface AuditLogs {
  /** The raw CSV as a stream of bytes (`body`; `toNodeReadable()` in Node); `body.cancel()` closes the connection. */
  download(options?: AuditLogsOptions): Promise<AuditLogDownload>;
  /** Node only: writes the CSV to a `.partial` file beside `path`, renamed to it once complete, removed on failure. */
  downloadToFile(path: string, options?: DownloadToFileOptions): Promise<DownloadResult>;
  /** The rows as they arrive (Node only); a bad query throws at the call; stopping early closes the connection. */
  rows(options?: AuditLogsOptions): AsyncIterableIterator<AuditLogRow>;
}
