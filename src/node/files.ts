/** Node only: files for uploads and downloads. A download goes to `.<name>.<pid>.<random>.partial` beside its target,
 * renamed over it only once complete and on disk; a failure removes it and leaves the target as is. */
import { randomBytes } from "node:crypto";
import { constants, openAsBlob } from "node:fs";
import { access, chmod, lstat, open, readdir, rename, rm, stat, type FileHandle } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import { AlliError, InvalidInputError } from "../errors/errors.js";

/** A file to upload, read as it is sent. A FIFO or a device would be read lazily, blocking the event loop (timeouts
 * and aborts with it) until a writer comes, or as empty (/dev/zero): only a regular file is taken, before any send. */
export async function openFileBlob(path: string): Promise<Blob> {
  if ((await stat(path)).isFile()) return openAsBlob(path);
  throw new Error("is not a regular file (a FIFO, a device, a folder or a socket); give a file path");
}
// The DOM and Node typings name the same global ReadableStream differently.
export const toNodeReadable = (body: ReadableStream<Uint8Array>): Readable =>
  Readable.fromWeb(body as unknown as NodeWebReadableStream<Uint8Array>);
/** Bytes written between two background flushes (one at a time), so that the final sync has little to do. */
const FLUSH_EVERY = 32 * 1024 * 1024;
const isAlive = (pid: number) => {
  try {
    return process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // it exists, it is only not ours
  }
};

/** Checks that `path` can be written, before anything is downloaded; returns the mode of a file it replaces. */
export async function checkTarget(path: string): Promise<number | undefined> {
  const refuse = (rule: string) => new InvalidInputError("path", rule);
  if (typeof path !== "string" || path === "") throw refuse("must be a non-empty file path");
  const parent = dirname(resolve(path));
  const existing = await lstat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw refuse(`${JSON.stringify(path)} is a directory; give the file to write`);
  // A rename over a link, a FIFO or a device would replace it, not write through it.
  if (existing && !existing.isFile())
    throw refuse(`${JSON.stringify(path)} is not a regular file (a link, a FIFO or a device); give a file path`);
  const folder = await stat(parent).catch(() => undefined);
  if (!folder) throw refuse(`the folder ${JSON.stringify(parent)} does not exist`);
  if (!folder.isDirectory()) throw refuse(`${JSON.stringify(parent)} is not a folder`);
  const denied = await access(parent, constants.W_OK).catch(() => true);
  if (denied) throw refuse(`the folder ${JSON.stringify(parent)} is not writable`);
  return existing && existing.mode & 0o7777;
}

/** `work` on the file for `path`; a failure of the disk (full, its folder gone) is said as such, naming the code. */
export const onDisk = <T>(path: string, work: Promise<T>) =>
  work.catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException)?.code;
    const why = `${code ? ` (${code})` : ""}: ${error instanceof Error ? error.message : String(error)}`;
    throw new AlliError(`could not write ${JSON.stringify(path)}${why}`, { cause: code ? { code } : undefined });
  });

/** Writes to `handle` one write at a time, the next queued behind it while the caller reads on: two in memory at most,
 * and a slow disk slows the reading. A write's pieces go in one writev, not joined (a copy); what writev leaves
 * unwritten, appendFile writes all of. Every FLUSH_EVERY bytes the file is flushed in the background (one flush at a
 * time), so that the sync before its rename has little left to do: it was a tenth of an export's time. */
export function queuedWriter(path: string, handle: FileHandle) {
  let last: Promise<void> = Promise.resolve();
  let [flushing, unflushed]: [Promise<void> | undefined, number] = [undefined, 0];
  const append = async (pieces: Uint8Array[], size: number) => {
    if (pieces.length === 1) return handle.appendFile(pieces[0]!);
    const { bytesWritten } = await handle.writev(pieces);
    if (bytesWritten < size) await handle.appendFile(Buffer.concat(pieces).subarray(bytesWritten));
  };
  return {
    async write(pieces: Uint8Array[]) {
      await last;
      const size = pieces.reduce((sum, piece) => sum + piece.byteLength, 0);
      (last = onDisk(path, append(pieces, size))).catch(() => {}); // until awaited, not an unhandled rejection
      if ((unflushed += size) < FLUSH_EVERY || flushing) return;
      unflushed = 0;
      const settled = () => void (flushing = undefined); // a failure shows again in the final sync
      flushing = last.then(() => handle.datasync()).then(settled, settled);
    },
    /** The last write and flush, both ended (the write's failure its own): awaited before the file is used, and on a
     * failure (its own failure is the caller's by then). */
    settled: () => Promise.allSettled([last, flushing]).then(() => last),
  };
}
/** A partial file made the target: its bytes on disk first (else a crash just after the rename could leave the name on
 * data that never reached it), the mode of the file it replaces (the umask narrowed open()'s), then the rename. */
export async function commitPartial(path: string, partial: string, handle: FileHandle, mode: number | undefined) {
  await onDisk(path, handle.sync());
  await onDisk(path, handle.close()); // closing again (on a failure) does nothing
  if (mode !== undefined) await onDisk(path, chmod(partial, mode));
  await onDisk(path, rename(partial, path));
}

type Download = { body: ReadableStream<Uint8Array>; requestId: string | undefined; contentLength: number | undefined };
type OnProgress = (progress: { bytes: number; total: number | undefined }) => void;
/** Opens the download once the target is checked (an HTTP error throws before any file exists); `onProgress` is
 * called at bytes 0 and after each chunk, and a throw from it stops the download. */
export async function writeAtomically(path: string, openDownload: () => Promise<Download>, onProgress?: OnProgress) {
  const mode = await checkTarget(path);
  const [folder, prefix] = [dirname(path), `.${basename(path)}.`];
  // Removes the partial files of `path` whose writing process died (kill -9) before it could.
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    const pid = Number(name.startsWith(prefix) && /^(\d+)\.[0-9a-f]+\.partial$/.exec(name.slice(prefix.length))?.[1]);
    if (pid && pid !== process.pid && !isAlive(pid)) await rm(join(folder, name), { force: true });
  }
  const download = await openDownload();
  const reader = download.body.getReader();
  const partial = join(folder, `${prefix}${process.pid}.${randomBytes(6).toString("hex")}.partial`);
  let handle: FileHandle | undefined, writer;
  try {
    handle = await onDisk(path, open(partial, "wx", mode ?? 0o666)); // "wx": never into a file someone else created
    writer = queuedWriter(path, handle);
    let bytes = 0;
    onProgress?.({ bytes, total: download.contentLength });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      await writer.write([value]);
      bytes += value.byteLength;
      onProgress?.({ bytes, total: download.contentLength });
    }
    await writer.settled();
    await commitPartial(path, partial, handle, mode);
    return { bytes, requestId: download.requestId };
  } catch (error) {
    // Closes the connection when the failure was ours (the disk, onProgress); a failed body is closed already.
    await reader.cancel(error).catch(() => {});
    await writer?.settled().catch(() => {});
    await handle?.close().catch(() => {});
    await rm(partial, { force: true });
    throw error;
  }
}
