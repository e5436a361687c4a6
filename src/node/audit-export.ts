/** Node only: a period's audit logs into one CSV file, window by window, through `.<name>.export.partial` and, after
 * each window, a checkpoint (`….json`); a failure or a kill leaves both, and the same call goes on from there. */
import { open, readFile, rename, rm, stat, truncate, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { parseDateTime } from "../core/date-time.js";
import { AlliError } from "../errors/errors.js";
import { excerpt } from "../errors/redact.js";
import { windowsOf, type Period, type Window } from "../core/period.js";
import { seamFilter } from "../core/seams.js";
import { cellsAt, keptRecords, type Keep } from "./csv-records.js";
import { checkTarget, commitPartial, onDisk, queuedWriter } from "./files.js";

type Progress = { windowsDone: number; windows: number; bytes: number };
type Options = Period & { resume?: boolean; onProgress?: (progress: Progress) => void };
type Download = (window: Window) => Promise<{ body: ReadableStream<Uint8Array> }>;
/** The run a checkpoint belongs to, how far it came, and what the next window needs: the header, the seam's ids. */
type Checkpoint = { run: string; until: number; done: number; bytes: number; header?: string; seamIds: string[] };
const fail = (what: string) => new AlliError(`audit-log CSV: ${what}`);
function timeOf(createdAt: string): number {
  const time = parseDateTime(createdAt)?.getTime();
  if (time === undefined) throw fail(`createdAt ${excerpt(createdAt, 40)} is not a date-time`);
  return time;
}

/** The checkpoint of the same run (since, query, and until: an omitted one takes the saved one), its rows on disk. */
async function resumable(saved: string, partial: string, run: string, until: number | undefined) {
  const last = (await readFile(saved, "utf8")
    .then(JSON.parse)
    .catch(() => undefined)) as Checkpoint | undefined;
  if (last?.run !== run || (until !== undefined && last.until !== until)) return undefined;
  return (await stat(partial)
    .then((file) => file.size)
    .catch(() => -1)) >= last.bytes
    ? last
    : undefined;
}
export async function exportToFile(path: string, download: Download, options: Options) {
  const asked = windowsOf(options); // checked before any file: a bad period writes nothing
  const mode = await checkTarget(path);
  const partial = join(dirname(path), `.${basename(path)}.export.partial`);
  const [saved, run, until] = [`${partial}.json`, JSON.stringify([asked[0]!.start, options.query]), asked.at(-1)!.end];
  const given = options.until === undefined ? undefined : until;
  const resumed = options.resume === false ? undefined : await resumable(saved, partial, run, given);
  let state: Checkpoint = resumed ?? { run, until, done: 0, bytes: 0, seamIds: [] };
  const windows = resumed ? windowsOf({ ...options, until: new Date(resumed.until) }) : asked;
  // A window half written is written again; a fresh start drops the checkpoint of another run before anything else.
  await onDisk(path, resumed ? truncate(partial, resumed.bytes) : rm(saved, { force: true }));
  const handle = await onDisk(path, open(partial, resumed ? "a" : "w", mode ?? 0o666));
  const writer = queuedWriter(path, handle);
  // Each window's download is asked for as the one before ends, while its last write and its checkpoint go to disk.
  let checkpointed = Promise.resolve();
  let coming: ReturnType<Download> | undefined = windows[state.done] && download(windows[state.done]!);
  try {
    for (let index = state.done; index < windows.length; index++) {
      const filter = seamFilter(windows[index]!, new Set(state.seamIds));
      // The id and createdAt columns, the cells read to reach both, and the one the scanner reads: createdAt.
      const [columns, width, scanned] = [[-1, -1], { cells: 0 }, { column: -1, between: filter.middle }];
      // The scanner keeps a row in the window's middle itself; the others come here, and the header.
      const keep: Keep = (bytes, start, end, stamp) => {
        if (columns[0]! >= 0) {
          // Most rows tell their zone by the stamp the scanner read; a seam's, and a time in another form, need text.
          const zone = filter.zoneAt(stamp);
          if (zone === "out" || zone === "middle") return zone === "middle";
          const text = cellsAt(bytes.toString("latin1", start, end), width.cells);
          const [id = "", createdAt = ""] = [text[columns[0]!], text[columns[1]!]];
          return filter.keepIn(zone ?? filter.zoneOf(timeOf(createdAt)), () => id);
        }
        // Each window's CSV starts with its header: the first is written, the others must be the same.
        const names = cellsAt(bytes.toString("latin1", start, end));
        const first = state.header === undefined;
        if (!first && JSON.stringify(names) !== state.header) throw fail(`window ${index + 1}'s columns differ`);
        state.header = JSON.stringify(names);
        [columns[0], columns[1]] = [names.indexOf("id"), names.indexOf("createdAt")];
        scanned.column = columns[1]!;
        if (columns.includes(-1)) throw fail("the header names no id or no createdAt column");
        width.cells = Math.max(...columns) + 1;
        return first;
      };
      const current = coming!;
      coming = undefined;
      for await (const kept of keptRecords((await current).body, scanned, keep)) {
        if (kept.length) await writer.write(kept);
        state.bytes += kept.reduce((sum, piece) => sum + piece.length, 0);
        options.onProgress?.({ windowsDone: index, windows: windows.length, bytes: state.bytes });
      }
      coming = windows[index + 1] && download(windows[index + 1]!);
      coming?.catch(() => {}); // awaited next time round
      // The checkpoint goes to disk once the window's rows have (a kill keeps them: no sync per window, as a resume
      // truncates to the checkpoint), while the next window is read: waiting for both took a twentieth of the time.
      await checkpointed; // the one before (done by now, but for a slow disk): its failure stops the export here
      state = { ...state, done: index + 1, seamIds: [...filter.near] };
      const json = JSON.stringify(state);
      checkpointed = writer.settled().then(() =>
        onDisk(
          path,
          writeFile(`${saved}.new`, json).then(() => rename(`${saved}.new`, saved)),
        ),
      );
      checkpointed.catch(() => {}); // awaited next time round
      options.onProgress?.({ windowsDone: index + 1, windows: windows.length, bytes: state.bytes });
    }
    await checkpointed;
    await commitPartial(path, partial, handle, mode);
    await rm(saved, { force: true });
    return { path, bytes: state.bytes, windows: windows.length };
  } finally {
    coming?.then(({ body }) => body.cancel()).catch(() => {}); // asked for, never read: a failure came first
    await Promise.allSettled([writer.settled(), checkpointed]); // each, whichever fails: none lands after the return
    await handle.close().catch(() => {}); // the partial and its checkpoint stay, for the next call to resume
  }
}
