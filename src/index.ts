/** alli-sdk: the public API, by name. Nothing under src/internal is exported. */
export { createAlliClient, DEFAULT_TIMEOUT_MS, type AlliClient, type ClientOptions } from "./client.js";
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
  type OperationInfo,
  type RateLimitInfo,
} from "./errors.js";
export { encodeOwnUserId, type UserIdentity } from "./identity.js";
export type { Logger } from "./logger.js";
export { DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_AFTER_MS, INITIAL_RETRY_DELAY_MS, MAX_BACKOFF_MS, type RetryEvent } from "./retry.js";
export type { FileInput } from "./internal/multipart.js";
export type { paths, components } from "../generated/schema.js";
export { operations, type OperationId, type Region } from "../generated/operations.js";
