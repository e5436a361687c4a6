/**
 * Node only: writes a download to a file without ever leaving a partial file that looks complete.
 * The bytes go to `.<name>.<random>.partial` beside the target, which is flushed to disk and
 * renamed over the target only after the body ended complete (the checked body errors otherwise);
 * on any failure the temporary file is removed and the target is untouched.
 */
import { randomBytes } from "node:crypto";
import { open, rename, rm, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { OpenedDownload } from "../internal/audit-logs/open-download.js";

/** Bytes written between two background flushes, so that the last flush has little left to do. */
const FLUSH_EVERY = 32 * 1024 * 1024;

/** Where a download to `path` is written until it is complete. */
export function partialPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.partial`);
}

/**
 * Flushes a file to disk in the background as it grows, one flush at a time; `finish()` waits
 * for the one in flight and flushes the rest. Without it, a crash just after the rename could
 * leave the final name on a file whose data never reached the disk.
 */
function backgroundFlusher(handle: FileHandle) {
  let inFlight: Promise<void> | undefined;
  let sinceFlush = 0;
  return {
    wrote(bytes: number) {
      sinceFlush += bytes;
      if (sinceFlush < FLUSH_EVERY || inFlight) return;
      sinceFlush = 0;
      // A failure here shows again in the final sync, which is awaited.
      inFlight = handle.datasync().then(
        () => void (inFlight = undefined),
        () => void (inFlight = undefined),
      );
    },
    async finish(): Promise<void> {
      await inFlight;
      await handle.sync();
    },
    settled: () => inFlight ?? Promise.resolve(),
  };
}

/** Writes all of `chunk` (a write to a regular file may, rarely, be partial). */
async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  for (let at = 0; at < chunk.byteLength; ) at += (await handle.write(chunk, at)).bytesWritten;
}

/**
 * Opens the download (an HTTP error throws before any file exists), streams it to a temporary
 * file, and renames that file to `path` once complete and on disk. One write is in flight while
 * the next chunk is read, so memory holds two chunks and a slow disk slows the connection.
 */
export async function downloadToFile(
  path: string,
  openDownload: () => Promise<OpenedDownload>,
): Promise<{ path: string; bytes: number; requestId: string | undefined }> {
  const download = await openDownload();
  const reader = download.body.getReader();
  const partial = partialPathFor(path);
  let handle: FileHandle | undefined;
  let flusher: ReturnType<typeof backgroundFlusher> | undefined;
  let writing: Promise<void> = Promise.resolve();
  try {
    // "wx": never write into a file someone else created.
    handle = await open(partial, "wx");
    flusher = backgroundFlusher(handle);
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      await writing;
      if (done) break;
      writing = writeAll(handle, value);
      // Its failure is awaited on the next turn; until then it must not count as unhandled.
      writing.catch(() => {});
      bytes += value.byteLength;
      flusher.wrote(value.byteLength);
    }
    await flusher.finish();
    await handle.close();
    handle = undefined;
    await rename(partial, path);
    return { path, bytes, requestId: download.requestId };
  } catch (error) {
    // Closes the connection when the failure was ours (the disk); a failed body is closed already.
    await reader.cancel(error).catch(() => {});
    await writing.catch(() => {});
    await flusher?.settled();
    await handle?.close().catch(() => {});
    await rm(partial, { force: true });
    throw error;
  }
}
