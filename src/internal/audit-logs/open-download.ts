/**
 * Starts the audit-log CSV download: checks the query against the spec, sends the GET with
 * `Accept: text/csv` through the SDK's call (retries, errors, a timeout on the headers, the idle
 * clock on the body), and hands back the body wrapped by checkedBody.
 */
import { operations } from "../../../generated/operations.js";
import type { paths } from "../../../generated/schema.js";
import { AlliError } from "../../errors.js";
import type { RequestOptions } from "../../request-options.js";
import { call, type ClientCore } from "../call.js";
import { describeOperation } from "../error-factory.js";
import { checkQuery } from "../check-input.js";
import { checkedBody } from "./checked-body.js";

/** The spec's download operation (its path, and its query constraints for checkQuery). */
export const DOWNLOAD_OPERATION = operations.downloadAuditLogs;
type DownloadPath = typeof DOWNLOAD_OPERATION.path;

/** The download operation's query parameters, from the spec. */
export type AuditLogsQuery = NonNullable<paths[DownloadPath]["get"]["parameters"]["query"]>;

/** Options every `alli.auditLogs` method takes. */
export interface AuditLogsOptions extends Pick<RequestOptions, "maxRetries" | "user" | "signal"> {
  /** The download operation's query: `createdAt`, `beforeRange` (1–31 days), `email`, `apiRequestType`, `params`. */
  query?: AuditLogsQuery;
  /**
   * Milliseconds each attempt may wait for the response headers (default: the client's
   * `timeout`). The body as a whole has no time limit: it may be large.
   */
  timeout?: number;
  /** Milliseconds the body may send nothing before the download is given up (default: the client's `idleTimeout`). */
  idleTimeout?: number;
}

/** A download whose headers have arrived: an HTTP error would have been thrown instead. */
export interface OpenedDownload {
  /** The CSV bytes; errors unless the body arrives complete. */
  body: ReadableStream<Uint8Array>;
  response: Response;
  requestId: string | undefined;
  /** Content-Length of `body`, when the server sent it (and did not compress the body). */
  contentLength: number | undefined;
}

/** Media types that are not a CSV file whatever the server says (an error page or JSON answered with 200). */
const NOT_CSV = /^(application\/(problem\+)?json|text\/html)\b/i;

/** Throws InvalidInputError for a query the spec rejects; nothing is sent. */
export function checkDownloadQuery(query: unknown): void {
  checkQuery(DOWNLOAD_OPERATION, query);
}

/** Checks the query, sends the request, and returns the checked body; `onBytes` sees the running byte count. */
export async function openDownload(core: ClientCore, options: AuditLogsOptions, onBytes?: (bytes: number) => void): Promise<OpenedDownload> {
  const { query, timeout = core.timeout, idleTimeout, maxRetries, user, signal } = options;
  checkDownloadQuery(query);
  const { answer, response, requestId, attempt } = await call(
    core,
    "GET",
    DOWNLOAD_OPERATION.path,
    { params: { query }, headers: { Accept: "text/csv" }, parseAs: "stream", timeout, maxRetries, user, signal },
    { streamBody: true, idleTimeout },
  );
  const operation = { method: "GET", path: DOWNLOAD_OPERATION.path, operationId: DOWNLOAD_OPERATION.operationId };
  const type = answer.headers.get("content-type") ?? "";
  if (NOT_CSV.test(type)) {
    attempt.stop("closed", new Error("not CSV"));
    throw new AlliError(`${describeOperation(operation)} answered ${response.status} with ${type.split(";")[0]} instead of a CSV file`, {
      operation,
      status: response.status,
      requestId,
    });
  }
  // A compressed body is decoded by fetch, so Content-Length (of the compressed bytes) says
  // nothing about the bytes read; undici itself detects a compressed body that breaks off.
  const encoding = answer.headers.get("content-encoding");
  const lengthHeader = answer.headers.get("content-length");
  const contentLength = (!encoding || encoding === "identity") && lengthHeader && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
  const body = checkedBody(answer.body, { operation, requestId, secrets: core.secrets, expectedBytes: contentLength, attempt, onBytes });
  return { body, response, requestId, contentLength };
}
