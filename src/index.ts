/** alli-sdk: the public API, by name. Nothing under src/internal is exported. */
export { createAlliClient, DEFAULT_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS, type AlliClient, type ClientOptions, type ClientOverrides } from "./client.js";
export type { FetchFunction, FetchInit, FetchResponse } from "./internal/request/wire.js";
export type { AlliMethod, AlliResponse } from "./typed-methods.js";
export type { RequestOptions } from "./internal/call.js";
export {
  AlliError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  InvalidInputError,
  TruncatedDownloadError,
  StreamInterruptedError,
  type StreamInterruption,
  type OperationInfo,
  type RateLimitInfo,
} from "./errors.js";
export { encodeOwnUserId, type UserIdentity } from "./identity.js";
export type { Logger } from "./logger.js";
export { DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_AFTER_MS, INITIAL_RETRY_DELAY_MS, MAX_BACKOFF_MS, type RetryEvent } from "./retry.js";
export type { FileInput } from "./internal/multipart.js";
export type { paths, components } from "../generated/schema.js";
export { operations, type OperationId, type Region, type PaginatedPath, type StreamingPath } from "../generated/operations.js";
export type { AuditLogs, AuditLogsOptions, AuditLogsQuery, AuditLogDownload, DownloadToFileOptions, DownloadProgress, DownloadResult, AuditLogRow } from "./audit-logs.js";
export type {
  Paginate,
  PaginateArgs,
  PaginateInit,
  PaginateOptions,
  PageIterator,
  Page,
  PageData,
  PageItem,
  PagePosition,
  CursorPosition,
  OffsetPosition,
  PageNumberPosition,
  FailedPage,
} from "./pagination.js";
export { collectText, DEFAULT_KEEP_EVENTS, DEFAULT_STREAM_IDLE_TIMEOUT_MS, type AlliStream, type ReadableFormat, type StreamEvent, type StreamFn, type StreamInit, type StreamOptions, type StreamResult } from "./streaming.js";
