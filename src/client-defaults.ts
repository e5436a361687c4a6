/** The client's default limits, in a module of their own so that the helpers can read them without importing the client. */

/** Milliseconds for each attempt of a call, from sending to the last body byte (2 minutes). */
export const DEFAULT_TIMEOUT_MS = 120_000;
/** Milliseconds a streamed body (events, a download) may send nothing before it is given up (60 s). */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
/** The most a JSON (or other whole) response body may hold, after decompression (256 MiB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;
/** The most one stream event (or NDJSON line) may hold (16 MiB). */
export const DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;
/** How much of an error body the SDK reads; the rest is discarded and `body` marked truncated (1 MiB). */
export const MAX_ERROR_BODY_BYTES = 1024 * 1024;
