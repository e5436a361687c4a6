/** The audit-log CSV download as bytes, a file or rows, in constant memory; Node-only parts load on first use. */
import { AlliError, APITimeoutError, APIUserAbortError } from "../../errors/errors.js";
import { connectionCodeOf, describeOperation, TruncatedDownloadError } from "../../errors/errors.js";
import { chunksOf, pullStream } from "../../core/body.js";
import type { CallExtras, CallResult } from "../../core/call.js";
import { wholeNumber } from "../../core/options.js";
import { csvRows } from "./rows.js";
import { windowsOf } from "../../core/period.js";
import { seamFilter } from "../../core/seams.js";
import type { AuditLogDownload, AuditLogsOptions, DownloadToFileOptions } from "./types.js";
import type { ExportOptions, ExportToFileOptions } from "./types.js";

export type OpenCall = (init: Record<string, unknown>, extras: CallExtras) => Promise<CallResult>;
async function openDownload(open: OpenCall, options: AuditLogsOptions) {
  const { query, timeout, idleTimeout, maxRetries, user, signal } = options;
  const maxBytes = wholeNumber("options.maxBytes", options.maxBytes, 1) ?? Infinity;
  const init = { params: { query }, parseAs: "stream", timeout, maxRetries, user, signal };
  // Read from answer.body, not the path map's stream: capped by its own maxBytes, not maxResponseBytes.
  const { answer, attempt, requestId } = await open(init, { idleTimeout });
  const { operation } = attempt;
  const where = describeOperation(operation);
  const fields = { operation, requestId };
  const type = answer.headers.get("content-type") ?? "";
  // Never a CSV file, whatever the status: an error page or JSON answered with 200.
  if (/^(application\/(problem\+)?json|text\/html)\b/i.test(type)) {
    attempt.stop("closed", new Error("not CSV"));
    const message = `${where} answered ${answer.status} with ${type.split(";")[0]} instead of a CSV file`;
    throw new AlliError(message, { ...fields, status: answer.status });
  }
  // The Content-Length of a compressed body counts the compressed bytes, not the decoded ones read here.
  const length = answer.headers.get("content-length") ?? "";
  const identity = (answer.headers.get("content-encoding") || "identity") === "identity";
  const expected = identity && /^\d+$/.test(length) ? Number(length) : undefined;
  let received = 0;
  const sofar = () => `${received}${expected === undefined ? "" : ` of ${expected}`} bytes`;
  const chunks = chunksOf(answer.body ?? (async function* () {})());
  const tooLarge = `${where}: the download is larger than maxBytes (${maxBytes} bytes); the SDK closed the connection`;
  if ((expected ?? 0) > maxBytes) throw (void chunks.return?.(), new AlliError(tooLarge, fields)); // before a byte
  const truncated = (reason: string, cause?: unknown) => {
    const message = `${where}: the download broke off after ${sofar()}: ${reason}`;
    return new TruncatedDownloadError(message, { ...fields, bytesReceived: received, expectedBytes: expected, cause });
  };
  const readError = (error: unknown) => {
    if (error instanceof APIUserAbortError)
      return new APIUserAbortError(`${where} was aborted after ${sofar()}`, { ...fields, cause: error.cause });
    const idle = `sent no data for ${attempt.limits.idleTimeout} ms after ${sofar()}`;
    if (error instanceof APITimeoutError) return APITimeoutError.of(operation, idle, requestId);
    const code = connectionCodeOf(error);
    const why = error instanceof Error ? (error.cause instanceof Error ? error.cause : error).message : String(error);
    return truncated(`${why}${code ? ` (${code})` : ""}`, code ? { code } : undefined);
  };
  const read = async (): Promise<Uint8Array | undefined> => {
    try {
      const result = await chunks.next().catch((error: unknown) => Promise.reject(readError(error)));
      if (result.done && received < (expected ?? 0))
        throw truncated(answer.body ? "the connection closed early" : "the response had no body");
      if (result.done) return undefined;
      received += result.value.byteLength;
      if (received > maxBytes) throw new AlliError(tooLarge, fields);
      if (expected !== undefined && received > expected)
        throw new AlliError(`${where}: the body is longer than its Content-Length (${expected} bytes)`, fields);
      return result.value;
    } catch (error) {
      void chunks.return?.(); // an early end closes the connection at once
      throw error;
    }
  };
  const body = pullStream(read, () => chunks.return?.());
  return { body, response: answer.toResponse(), requestId, contentLength: expected };
}
export async function download(open: OpenCall, options: AuditLogsOptions): Promise<AuditLogDownload> {
  const opened = await openDownload(open, options);
  return { ...opened, toNodeReadable: async () => (await import("../../node/files.js")).toNodeReadable(opened.body) };
}
export async function downloadToFile(open: OpenCall, path: string, options: DownloadToFileOptions) {
  const { writeAtomically } = await import("../../node/files.js");
  return { path, ...(await writeAtomically(path, () => openDownload(open, options), options.onProgress)) };
}
/** A window's download: the export's options, its query with the window's range. */
const windowOptions = (options: ExportOptions, query: object) => ({
  ...options,
  query: { ...options.query, ...query },
});
export async function exportToFile(open: OpenCall, path: string, options: ExportToFileOptions) {
  const { exportToFile } = await import("../../node/audit-export.js");
  return exportToFile(path, (window) => openDownload(open, windowOptions(options, window.query)), options);
}
export async function* exportRows(open: OpenCall, options: ExportOptions) {
  let seen = new Set<string>();
  for (const window of windowsOf(options)) {
    const filter = seamFilter(window, seen);
    for await (const row of rows(open, windowOptions(options, window.query))) {
      if (!(row.createdAt instanceof Date)) throw new AlliError("audit-log CSV: a row has no createdAt");
      if (filter.keep(String(row.id), row.createdAt.getTime())) yield row;
    }
    seen = filter.near;
  }
}
export async function* rows(open: OpenCall, options: AuditLogsOptions) {
  // Loaded before the request: a runtime without Node's Buffer sends nothing.
  const { csvCells } = await import("../../node/csv-records.js");
  const { body } = await openDownload(open, options);
  yield* csvRows(csvCells(body));
}
