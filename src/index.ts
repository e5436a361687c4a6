/**
 * The Alli API client (`createAlliClient`): one method per operation, the typed path map,
 * pagination, streaming and the audit-log download; its errors; and the types a user writes
 * or reads (options, params and results, pages, streams, uploads).
 *
 * @module alli-sdk
 */
// This file is the public API, by name; nothing under src/internal is exported.
export { createAlliClient, type AlliClient, type ClientOptions, type ClientOverrides } from "./client.js";
export type { RequestOptions } from "./request-options.js";
export type { UserIdentity } from "./identity.js";
export type { Logger } from "./logger.js";
export type { RetryEvent } from "./retry.js";
export type { FetchFunction, FetchInit, FetchResponse } from "./internal/request/wire.js";

// Methods and the path map: what a call takes and gives.
export type { OperationMethods } from "../generated/methods.js";
export type { APIPromise, PagePromise } from "./api-promise.js";
export type { MethodParams, MethodResult } from "./method-types.js";
export type { AlliResponse } from "./typed-methods.js";
export type { FileInput } from "./internal/multipart.js";
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

export type { PageIterator, Page, PageData, PageItem } from "./pagination.js";
export type { PaginateOptions, PagePosition, CursorPosition, OffsetPosition, PageNumberPosition, FailedPage } from "./pagination-types.js";
export type { AlliStream, ReadableFormat, StreamEvent, StreamOptions, StreamResult } from "./stream-types.js";
export type { AuditLogs, AuditLogsOptions, AuditLogsQuery, AuditLogDownload, DownloadToFileOptions, DownloadProgress, DownloadResult, AuditLogRow } from "./audit-logs.js";
