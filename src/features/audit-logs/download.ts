/**
 * The audit-log CSV download (GET /webapi/v2/audit/logs/download) as a byte stream, to a file, or
 * as typed rows, in constant memory whatever the file's size. The body is checked as it streams:
 * it ends cleanly only when it is complete (a short or broken body errors with
 * TruncatedDownloadError), and chunks are read only as the consumer asks for them. Node-only
 * parts (the file system, Node streams, csv-parse) load on first use.
 */
import {
  AlliError,
  APITimeoutError,
  APIUserAbortError,
  connectionCodeOf,
  describeOperation,
  InvalidInputError,
  TruncatedDownloadError,
} from "../../errors/errors.js";
import { chunksOf, pullStream } from "../../core/body.js";
import type { CallExtras, CallResult } from "../../core/call.js";
import { csvRows } from "./rows.js";
import type { AuditLogDownload, AuditLogsOptions, DownloadResult, DownloadToFileOptions } from "./types.js";

/** The client's call of the download operation. */
export type OpenCall = (init: Record<string, unknown>, extras: CallExtras) => Promise<CallResult>;

/** Media types that are not a CSV file whatever the server says (an error page or JSON answered with 200). */
const NOT_CSV = /^(application\/(problem\+)?json|text\/html)\b/i;

/** Sends the request and returns the checked body; `onBytes` sees the running byte count. */
async function openDownload(open: OpenCall, options: AuditLogsOptions, onBytes?: (bytes: number) => void) {
  const { query, timeout, idleTimeout, maxRetries, user, signal } = options;
  const { answer, attempt, requestId } = await open({ params: { query }, parseAs: "stream", timeout, maxRetries, user, signal }, { idleTimeout });
  const { operation } = attempt;
  const where = describeOperation(operation);
  const type = answer.headers.get("content-type") ?? "";
  if (NOT_CSV.test(type)) {
    attempt.stop("closed", new Error("not CSV"));
    throw new AlliError(`${where} answered ${answer.status} with ${type.split(";")[0]} instead of a CSV file`, { operation, status: answer.status, requestId });
  }
  // A compressed body is decoded: its Content-Length (of the compressed bytes) says nothing of the bytes read.
  const encoding = answer.headers.get("content-encoding");
  const length = answer.headers.get("content-length");
  const expected = (!encoding || encoding === "identity") && length && /^\d+$/.test(length) ? Number(length) : undefined;
  const of = expected === undefined ? "" : ` of ${expected}`;
  const chunks = answer.body && chunksOf(answer.body);
  let received = 0;
  const truncated = (reason: string, cause?: unknown) =>
    new TruncatedDownloadError(`${where}: the download broke off after ${received}${of} bytes: ${reason}`, {
      operation,
      requestId,
      bytesReceived: received,
      expectedBytes: expected,
      cause,
    });

  /** The next chunk, or undefined at a complete end; the SDK's error for anything else. */
  const next = async (): Promise<Uint8Array | undefined> => {
    if (!chunks) {
      if (expected) throw truncated("the response had no body");
      return undefined;
    }
    let result: IteratorResult<Uint8Array>;
    try {
      result = await chunks.next();
    } catch (error) {
      if (error instanceof APIUserAbortError) throw APIUserAbortError.of(operation, error.cause, { requestId });
      if (error instanceof APITimeoutError) throw APITimeoutError.of(operation, `sent no data for ${attempt.limits.idleTimeout} ms after ${received}${of} bytes`, requestId);
      const code = connectionCodeOf(error);
      const detail = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw truncated(`${detail}${code ? ` (${code})` : ""}`, code ? { code } : undefined);
    }
    if (result.done) {
      if (expected !== undefined && received < expected) throw truncated("the connection closed early");
      return undefined;
    }
    received += result.value.byteLength;
    if (expected !== undefined && received > expected) {
      throw new AlliError(`${where}: the body is longer than its Content-Length (${expected} bytes)`, { operation, requestId });
    }
    onBytes?.(received);
    return result.value;
  };
  const body = pullStream(
    async () => {
      try {
        return await next();
      } catch (error) {
        // Every early end (a failure, a throwing callback) closes the connection at once.
        void chunks?.return?.();
        throw error;
      }
    },
    () => chunks?.return?.(),
  );
  return { body, response: answer.toResponse(), requestId, contentLength: expected };
}

export async function download(open: OpenCall, options: AuditLogsOptions): Promise<AuditLogDownload> {
  const opened = await openDownload(open, options);
  return {
    ...opened,
    async toNodeReadable() {
      const { toNodeReadable } = await import("../../node/files.js");
      return toNodeReadable(opened.body);
    },
  };
}

export async function downloadToFile(open: OpenCall, path: string, options: DownloadToFileOptions): Promise<DownloadResult> {
  if (typeof path !== "string" || path === "") throw new InvalidInputError("path", "must be a non-empty file path");
  const { writeAtomically } = await import("../../node/files.js");
  const { onProgress, ...rest } = options;
  let total: number | undefined;
  const result = await writeAtomically(path, async () => {
    const opened = await openDownload(open, rest, onProgress && ((bytes) => onProgress({ bytes, total })));
    total = opened.contentLength;
    try {
      onProgress?.({ bytes: 0, total });
    } catch (error) {
      await opened.body.cancel(error); // the caller's callback failed: close the connection
      throw error;
    }
    return opened;
  });
  return { path, ...result };
}

export async function* rows(open: OpenCall, options: AuditLogsOptions) {
  // Loaded before the request: a runtime without it sends nothing.
  const { createCsvParseEngine } = await import("../../node/csv-parse-engine.js");
  const { body } = await openDownload(open, options);
  yield* csvRows(body, createCsvParseEngine());
}
