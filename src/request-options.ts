/** The per-call options every call takes: a method's last argument, and beside `params` in the path map's init. */
import type { UserIdentity } from "./identity.js";

export interface RequestOptions {
  /**
   * Milliseconds for each attempt, from sending the request to the last byte of the body (for a
   * streamed body, to its headers); overrides the client's `timeout`.
   */
  timeout?: number;
  /** Overrides the client's `maxRetries`. */
  maxRetries?: number;
  /**
   * Marks a POST or PATCH safe to send twice, so that it is retried after a 500, 502, 504 or a
   * broken connection too. Off by default: the server may already have run it.
   */
  idempotent?: boolean;
  /** Overrides the client's user identity for this call, field by field. */
  user?: UserIdentity;
  /** Aborts the call (and closes its connection) with APIUserAbortError. */
  signal?: AbortSignal;
  /** Headers for this call, over the client's `headers`. */
  headers?: Record<string, string>;
}
