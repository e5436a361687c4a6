/**
 * The Alli API client (`createAlliClient`): one method per operation, the typed path map, pagination, streaming and
 * the audit-log download; its errors; and the types a user writes or reads. @module alli-sdk
 */
export { createAlliClient, type AlliClient, type ClientOptions, type ClientOverrides } from "./client.js";
export type { RequestOptions, Logger } from "./core/options.js";
export type { UserIdentity } from "./core/headers.js";
export type { RetryEvent } from "./core/retry-policy.js";
export type { FetchFunction, FetchInit, FetchResponse } from "./core/wire.js";
export type { FileInput } from "./core/multipart.js";
export type { OperationMethods } from "../generated/methods.js";
export type { APIPromise, PagePromise } from "./features/methods.js";
export type { MethodParams, MethodResult, AlliResponse } from "./features/method-types.js";
export type { paths, components, operations } from "../generated/schema.js";
export type { OperationId, Region, PaginatedPath, StreamingPath } from "../generated/operations.js";
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
  ReportedError,
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  InvalidInputError,
  TruncatedDownloadError,
  StreamInterruptedError,
} from "./errors/errors.js";
export type { StreamInterruption, OperationInfo, RateLimitInfo, FailedPage } from "./errors/errors.js";
export type { PagePosition, CursorPosition, OffsetPosition, PageNumberPosition } from "./errors/errors.js";
export type { PageIterator, Page, PageData, PageItem, PaginateOptions } from "./features/pagination/types.js";
export type { AlliStream, ReadableFormat, StreamEvent } from "./features/streaming/types.js";
export type { StreamOptions, StreamResult } from "./features/streaming/types.js";
export type { AuditLogs, AuditLogsOptions, AuditLogsQuery, AuditLogDownload } from "./features/audit-logs/types.js";
export type { DownloadToFileOptions, DownloadProgress, DownloadResult } from "./features/audit-logs/types.js";
export type { ExportOptions, ExportToFileOptions, ExportProgress, ExportResult } from "./features/audit-logs/types.js";
export type { AuditLogRow } from "./features/audit-logs/rows.js";
