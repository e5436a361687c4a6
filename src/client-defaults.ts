/** The client's default limits, in a module of their own so that the helpers can read them without importing the client. */

/** Milliseconds for each attempt of a call, from sending to the last body byte (2 minutes). */
export const DEFAULT_TIMEOUT_MS = 120_000;
/** Milliseconds a streamed body (events, a download) may send nothing before it is given up (60 s). */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
