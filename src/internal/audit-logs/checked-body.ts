/**
 * Wraps a download's body so that the stream only ends cleanly when the body is complete: fewer
 * bytes than Content-Length, or a connection that breaks mid-body, error the stream with
 * TruncatedDownloadError; silence longer than the idle timeout errors it with APITimeoutError; the
 * caller's abort with APIUserAbortError (the request's attempt keeps the clock and the signal and
 * says which it was). It also counts bytes for progress. Nothing is buffered: a chunk is read
 * from the connection only when the consumer asks for one.
 */
import { AlliError, APITimeoutError, APIUserAbortError, TruncatedDownloadError, type OperationInfo } from "../../errors.js";
import { connectionCodeOf, describeOperation } from "../error-factory.js";
import { redactText } from "../redact.js";
import type { Attempt } from "../request/attempt.js";

/** What checkedBody needs to know about the download whose body it checks. */
export interface BodyCheck {
  operation: OperationInfo;
  requestId?: string;
  secrets: readonly string[];
  /** Content-Length of the bytes the stream yields; undefined when unknown (chunked, compressed). */
  expectedBytes?: number;
  /** The attempt that answered: it owns the connection, the idle clock and the caller's signal. */
  attempt: Attempt;
  /** Called with the running byte count after each chunk. */
  onBytes?(bytes: number): void;
}

/** The body as a stream that errors unless it is complete (see the file comment). */
export function checkedBody(body: ReadableStream<Uint8Array> | null, check: BodyCheck): ReadableStream<Uint8Array> {
  const reader = body?.getReader();
  const where = describeOperation(check.operation);
  const expected = check.expectedBytes;
  const of = expected === undefined ? "" : ` of ${expected}`;
  let received = 0;
  const { attempt } = check;
  const truncated = (reason: string, cause?: unknown) =>
    new TruncatedDownloadError(`${where}: the download broke off after ${received}${of} bytes: ${reason}`, {
      operation: check.operation,
      requestId: check.requestId,
      bytesReceived: received,
      expectedBytes: expected,
      cause,
    });

  const failure = (error: unknown): AlliError => {
    if (attempt.stoppedBy === "idle") {
      return new APITimeoutError(`${where}: no data for ${attempt.limits.idleTimeout} ms after ${received}${of} bytes`, { operation: check.operation, requestId: check.requestId });
    }
    if (attempt.stoppedBy === "user-abort") {
      return new APIUserAbortError(`${where} was aborted after ${received}${of} bytes`, { operation: check.operation, cause: attempt.abortReason });
    }
    if (AlliError.is(error)) return error;
    const code = connectionCodeOf(error);
    const detail = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    return truncated(`${redactText(detail, check.secrets)}${code ? ` (${code})` : ""}`, code ? { code } : undefined);
  };

  /** The next chunk, or undefined at a complete end; throws the SDK's error for anything else. */
  const next = async (): Promise<Uint8Array | undefined> => {
    if (!reader) {
      if (expected) throw truncated("the response had no body");
      return undefined;
    }
    if (attempt.stoppedBy === "user-abort") throw failure(attempt.abortReason);
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await reader.read();
    } catch (error) {
      throw failure(error);
    }
    if (result.done) {
      if (expected !== undefined && received < expected) throw truncated("the connection closed early");
      return undefined;
    }
    received += result.value.byteLength;
    if (expected !== undefined && received > expected) {
      attempt.stop("closed", new Error("body longer than Content-Length"));
      throw new AlliError(`${where}: the body is longer than its Content-Length (${expected} bytes)`, { operation: check.operation, requestId: check.requestId });
    }
    check.onBytes?.(received);
    return result.value;
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const chunk = await next();
          if (chunk) controller.enqueue(chunk);
          else controller.close();
        } catch (error) {
          attempt.end();
          throw error;
        }
      },
      cancel(reason) {
        reader?.cancel(reason).catch(() => {});
        attempt.stop("closed", reason);
      },
    },
    // Pull only on demand, so that a slow consumer slows the connection instead of filling memory.
    { highWaterMark: 0 },
  );
}
