/**
 * Node only: the file system's part in uploads and downloads. A file path opens as a Blob read
 * lazily as the upload goes; a download's web stream becomes a Node Readable; and a download is
 * written to a file without ever leaving a partial file that looks complete.
 * The target is checked before the request (a directory, a missing parent, a read-only folder
 * are the caller's error, and no byte is downloaded for them). The bytes go to
 * `.<name>.<pid>.<random>.partial` beside the target, which is flushed to disk, given the mode of
 * the file it replaces, and renamed over the target only after the body ended complete; on any
 * failure the partial file is removed and the target is untouched. A partial left by a process
 * that died (kill -9) is removed by the next download to the same target.
 */
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access, chmod, lstat, open, readdir, rename, rm, stat, type FileHandle } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import { AlliError, InvalidInputError } from "../errors/errors.js";

export { openAsBlob as openFileBlob } from "node:fs";

/** A download's web byte stream as a Node Readable (destroying it cancels the download). */
export function toNodeReadable(body: ReadableStream<Uint8Array>): Readable {
  // The DOM and Node typings name the same global ReadableStream differently.
  return Readable.fromWeb(body as unknown as NodeWebReadableStream<Uint8Array>);
}

/** Bytes written between two background flushes, so that the last flush has little left to do. */
const FLUSH_EVERY = 32 * 1024 * 1024;

/** Where a download to `path` is written until it is complete: named with this process's id. */
export function partialPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.partial`);
}

const processIsAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is only not ours.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Removes partial files of `path` whose writing process is gone. */
async function removeStalePartials(path: string): Promise<void> {
  const prefix = `.${basename(path)}.`;
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  for (const name of names) {
    const match = name.startsWith(prefix) ? /^(\d+)\.[0-9a-f]+\.partial$/.exec(name.slice(prefix.length)) : null;
    if (match && Number(match[1]) !== process.pid && !processIsAlive(Number(match[1]))) await rm(join(dirname(path), name), { force: true });
  }
}

/** Checks that `path` can be written, before anything is downloaded; returns the mode of a file it replaces. */
async function checkTarget(path: string): Promise<number | undefined> {
  const target = resolve(path);
  const parent = dirname(target);
  const existing = await lstat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new InvalidInputError("path", `${JSON.stringify(path)} is a directory; give the file to write`);
  // A rename over a link, a FIFO or a device would replace it, not write through it.
  if (existing && !existing.isFile()) throw new InvalidInputError("path", `${JSON.stringify(path)} is not a regular file (a link, a FIFO or a device); give a file path`);
  const folder = await stat(parent).catch(() => undefined);
  if (!folder) throw new InvalidInputError("path", `the folder ${JSON.stringify(parent)} does not exist`);
  if (!folder.isDirectory()) throw new InvalidInputError("path", `${JSON.stringify(parent)} is not a folder`);
  try {
    await access(parent, constants.W_OK);
  } catch {
    throw new InvalidInputError("path", `the folder ${JSON.stringify(parent)} is not writable`);
  }
  return existing ? existing.mode & 0o7777 : undefined;
}

/** A write failure (a full disk, a folder gone read-only) as the SDK's error, naming the file and the code. */
function writeError(path: string, error: unknown): AlliError {
  const code = (error as NodeJS.ErrnoException)?.code;
  return new AlliError(`could not write ${JSON.stringify(path)}${code ? ` (${code})` : ""}: ${error instanceof Error ? error.message : String(error)}`, {
    cause: code ? { code } : undefined,
  });
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

/** Marks a failure of the file side, so that it is reported as a write error and not as the download's. */
class WriteFailure extends Error {
  constructor(readonly original: unknown) {
    super("write failed");
  }
}

/**
 * Checks the target, opens the download (an HTTP error throws before any file exists), streams it
 * to a partial file, and renames that file to `path` once complete and on disk. One write is in
 * flight while the next chunk is read, so memory holds two chunks and a slow disk slows the
 * connection.
 */
export async function writeAtomically(
  path: string,
  openDownload: () => Promise<{ body: ReadableStream<Uint8Array>; requestId: string | undefined }>,
): Promise<{ bytes: number; requestId: string | undefined }> {
  const mode = await checkTarget(path);
  await removeStalePartials(path);
  const download = await openDownload();
  const reader = download.body.getReader();
  const partial = partialPathFor(path);
  let handle: FileHandle | undefined;
  let flusher: ReturnType<typeof backgroundFlusher> | undefined;
  let writing: Promise<void> = Promise.resolve();
  const onDisk = <T>(work: Promise<T>) => work.catch((error: unknown) => Promise.reject(new WriteFailure(error)));
  try {
    // "wx": never write into a file someone else created.
    handle = await onDisk(open(partial, "wx", mode ?? 0o666));
    flusher = backgroundFlusher(handle);
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      await writing;
      if (done) break;
      writing = onDisk(writeAll(handle, value));
      // Its failure is awaited on the next turn; until then it must not count as unhandled.
      writing.catch(() => {});
      bytes += value.byteLength;
      flusher.wrote(value.byteLength);
    }
    await onDisk(flusher.finish());
    await onDisk(handle.close());
    handle = undefined;
    // The umask narrowed the mode open() was given: the replaced file's mode is set exactly.
    if (mode !== undefined) await onDisk(chmod(partial, mode));
    await onDisk(rename(partial, path));
    return { bytes, requestId: download.requestId };
  } catch (error) {
    // Closes the connection when the failure was ours (the disk); a failed body is closed already.
    await reader.cancel(error).catch(() => {});
    await writing.catch(() => {});
    await flusher?.settled();
    await handle?.close().catch(() => {});
    await rm(partial, { force: true });
    throw error instanceof WriteFailure ? writeError(path, error.original) : error;
  }
}
