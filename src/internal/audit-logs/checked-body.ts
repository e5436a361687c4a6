/**
 * Wraps a download's body so that the stream only ends cleanly when the body is complete: fewer
 * bytes than Content-Length, or a connection that breaks mid-body, error the stream with
 * TruncatedDownloadError; silence longer than the idle timeout errors it with APITimeoutError; the
 * caller's abort with APIUserAbortError. It also counts bytes for progress. Nothing is buffered:
 * a chunk is read from the connection only when the consumer asks for one.
 */
import { AlliError, APITimeoutError, APIUserAbortError, TruncatedDownloadError, type OperationInfo } from "../../errors.js";
import { connectionCodeOf, describeOperation } from "../error-factory.js";
import { redactText } from "../redact.js";

/** What checkedBody needs to know about the download whose body it checks. */
export interface BodyCheck {
  operation: OperationInfo;
  requestId?: string;
  secrets: readonly string[];
  /** Content-Length of the bytes the stream yields; undefined when unknown (chunked, compressed). */
  expectedBytes?: number;
  /** Milliseconds without a byte (while the consumer waits) before the download is given up. */
  idleTimeout: number;
  userSignal?: AbortSignal;
  /** Closes the connection. */
  abort(reason?: unknown): void;
  /** Lets go of the request's hold on the caller's signal once the body has settled. */
  release?(): void;
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
  let idle = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The caller's signal closes the connection mid-body; the listener goes once the body settles.
  const signal = check.userSignal;
  const onAbort = () => check.abort(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted) onAbort();
  const settle = () => {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    check.release?.();
  };

  const truncated = (reason: string, cause?: unknown) =>
    new TruncatedDownloadError(`${where}: the download broke off after ${received}${of} bytes: ${reason}`, {
      operation: check.operation,
      requestId: check.requestId,
      bytesReceived: received,
      expectedBytes: expected,
      cause,
    });

  const failure = (error: unknown): AlliError => {
    if (idle) {
      return new APITimeoutError(`${where}: no data for ${check.idleTimeout} ms after ${received}${of} bytes`, { operation: check.operation, requestId: check.requestId });
    }
    if (check.userSignal?.aborted) {
      return new APIUserAbortError(`${where} was aborted after ${received}${of} bytes`, { operation: check.operation, cause: check.userSignal.reason });
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
    if (signal?.aborted) throw failure(signal.reason);
    timer = setTimeout(() => {
      idle = true;
      check.abort(new Error("idle timeout"));
    }, check.idleTimeout);
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await reader.read();
    } catch (error) {
      throw failure(error);
    } finally {
      clearTimeout(timer);
    }
    if (result.done) {
      if (expected !== undefined && received < expected) throw truncated("the connection closed early");
      return undefined;
    }
    received += result.value.byteLength;
    if (expected !== undefined && received > expected) {
      check.abort(new Error("body longer than Content-Length"));
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
          else {
            settle();
            controller.close();
          }
        } catch (error) {
          settle();
          throw error;
        }
      },
      cancel(reason) {
        settle();
        check.abort(reason);
        reader?.cancel(reason).catch(() => {});
      },
    },
    // Pull only on demand, so that a slow consumer slows the connection instead of filling memory.
    { highWaterMark: 0 },
  );
}
