/**
 * Errors of a walk say which page failed: the SDK's error for that page's call keeps its class (a
 * 429 on page 3 is still a RateLimitError) and gains a `page` field and a message suffix; a
 * guard's violation becomes an AlliError carrying the same.
 */
import { AlliError, APIUserAbortError, type OperationInfo } from "../../errors.js";
import { describeOperation } from "../error-factory.js";
import { redactText } from "../redact.js";
import type { FailedPage } from "../../pagination-types.js";
import { quote, type GuardViolation } from "./strategy.js";

/** `page 3 of the walk (cursor "abc")`. */
export function describePage({ index, position }: FailedPage): string {
  let at: string;
  if ("cursor" in position) at = position.cursor === null ? "no cursor: the first page" : `cursor ${quote(position.cursor)}`;
  else if ("offset" in position) at = `offset ${position.offset}${position.limit === undefined ? "" : `, limit ${position.limit}`}`;
  else at = `page number ${position.page}`;
  return `page ${index + 1} of the walk (${at})`;
}

/** Adds `page` to the error (once) and names the page in its message; returns the same error. */
export function annotatePageError(error: unknown, page: FailedPage): unknown {
  if (!(error instanceof Error) || Object.prototype.hasOwnProperty.call(error, "page")) return error;
  Object.defineProperty(error, "page", { value: page, enumerable: true, configurable: true });
  // The page's cursor is the server's text, which may echo a secret.
  error.message = redactText(`${error.message} — ${describePage(page)}`);
  return error;
}

/** The AlliError a guard raises: the operation, what the server did, and the page. */
export function guardError(violation: GuardViolation, operation: OperationInfo, page: FailedPage): AlliError {
  const error = new AlliError(`${describeOperation(operation)}: ${violation.message}; the walk stopped`, { operation });
  return annotatePageError(error, page) as AlliError;
}

/** The error for a walk the caller's signal stopped between two items. */
export function abortError(operation: OperationInfo, signal: AbortSignal): APIUserAbortError {
  return new APIUserAbortError(`${describeOperation(operation)}: the walk was aborted`, { operation, cause: signal.reason });
}
