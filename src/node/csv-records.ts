/** The one reader of the audit-log CSV: records found in the bytes by their RFC 4180 quoting (a quoted cell may hold
 * commas, line breaks and "" quotes) in one pass that notes where a chosen cell lies, with no text made of a record
 * unless its caller asks: the export copies the records it keeps as they came (~900 MB/s, where a regex per record on
 * latin1 text cost it twice the download's time), rows() reads each one's cells. */
import { chunksOf, type BodySource } from "../core/body.js";
import { AlliError } from "../errors/errors.js";

const [CR, LF, CRLF] = [13, Buffer.from("\n"), Buffer.from("\r\n")];
const MAX_RECORD = 32 * 1024 * 1024; // a quote never closed would otherwise hold the rest of the body
const malformed = (why: string) => new AlliError(`the audit-log CSV is malformed: ${why}`);
/** Says whether to keep the record at [start, end) of `bytes`, given where its chosen cell lies (`cell.column`):
 * start and end, quotes included (and a line's CR, when the cell is its last), -1 when the record has too few. */
export type Keep = (bytes: Buffer, start: number, end: number, cellStart: number, cellEnd: number) => boolean;
/**
 * The records of `source` that `keep` keeps, per chunk read, as pieces of it (records next to each other one piece:
 * the bytes are never copied); a chunk with none gives []. `cell.column` is the column of the cell `keep` is shown;
 * `keep` may set it (on the header). A last record without its line break gets the body's own, lest what follows
 * join its line.
 */
export async function* keptRecords(source: BodySource, cell: { column: number }, keep: Keep) {
  // The record begun in a chunk before: its pieces, their size, whether they end inside quotes; and the records seen.
  let [open, size, quoted, records, eol]: [Buffer[], number, boolean, number, Buffer] = [[], 0, false, 0, LF];
  const found = new Int32Array(4 * 1024); // per record found: its start and end, its cell's start and end
  const piecesOf = (bytes: Buffer) => {
    const kept: Buffer[] = [];
    let [runStart, runEnd, rest] = [0, 0, 0];
    for (let count = scan(bytes, 0, cell.column, found); count; count = scan(bytes, rest, cell.column, found)) {
      for (let at = 0; at < 4 * count; at += 4) {
        const [start, end] = [found[at]!, found[at + 1]!];
        if (!keep(bytes, start, end, found[at + 2]!, found[at + 3]!)) continue;
        if (runEnd !== start && runEnd > runStart) kept.push(bytes.subarray(runStart, runEnd));
        if (runEnd !== start) runStart = start;
        runEnd = end;
      }
      [rest, records] = [found[4 * count - 3]!, records + count];
    }
    if (runEnd > runStart) kept.push(bytes.subarray(runStart, runEnd));
    if (rest) eol = bytes[rest - 2] === CR ? CRLF : LF;
    [open, size, quoted] = [[bytes.subarray(rest)], bytes.length - rest, recordEnd(bytes.subarray(rest), false)[1]];
    return kept;
  };
  const chunks = chunksOf(source);
  try {
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      const read = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      // The record begun before is joined to its end here, and only it: a record is short, a chunk not.
      const [end, inQuotes]: [number, boolean] = size ? recordEnd(read, quoted) : [0, false];
      if (end < 0) [open, size, quoted] = [[...open, read], size + read.length, inQuotes];
      if (size > MAX_RECORD) throw malformed(`record ${records + 1} is longer than 32 MiB (a quote never closed?)`);
      const kept = end > 0 ? piecesOf(Buffer.concat([...open, read.subarray(0, end)])) : [];
      yield end < 0 ? [] : [...kept, ...piecesOf(read.subarray(end))];
    }
    if (!size) return;
    const kept = piecesOf(Buffer.concat([...open, eol]));
    if (size) throw malformed(`record ${records + 1}: a quoted cell never ends (it runs to the body's last line)`);
    yield kept;
  } finally {
    await chunks.return?.(); // a failure, or a caller that stops early, closes the download
  }
}
/** Where the record that `quoted` says is inside quotes or not ends in `bytes`: past its line break, or -1 (not
 * here); and whether the bytes end inside quotes. */
function recordEnd(bytes: Buffer, quoted: boolean): [number, boolean] {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 34) quoted = !quoted;
    else if (bytes[i] === 10 && !quoted) return [i + 1, false];
  }
  return [-1, quoted];
}
/** The cells of each record of `source` (unquoted, read as UTF-8; a leading BOM and blank lines skipped), per chunk
 * read: what rows() makes its rows of. */
export async function* csvCells(source: BodySource): AsyncGenerator<string[][]> {
  const batch: string[][] = [];
  const cells = (bytes: Buffer, start: number, end: number) => {
    const blank = end - start === 1 || (end - start === 2 && bytes[start] === CR);
    if (!blank) batch.push(cellsAt(bytes.toString("latin1", start, end)));
    return false; // nothing for keptRecords to give back: the cells are in `batch`
  };
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the pieces kept: none
  for await (const _none of keptRecords(source, { column: 0 }, cells)) yield batch.splice(0);
}
/**
 * Writes into `found` the complete records of `bytes` from `from`, as many as it holds: start, end, and where the cell
 * at `column` starts and ends; stops after one while `column` is -1 (the header names it). Returns how many. This
 * loop runs for every byte of an export: a leaf with plain statements, three times as fast as with a call per record,
 * destructuring or a read before the chunk's start (bytes[-1]). The bytes are literals (module constants are
 * variables to V8 once bundled): 34 ", 44 comma, 10 LF.
 */
function scan(bytes: Buffer, from: number, column: number, found: Int32Array): number {
  let quoted = false,
    at = 0,
    cellStart = from,
    start = from,
    count = 0,
    chosenStart = -1,
    chosenEnd = -1;
  for (let i = from, length = bytes.length; i < length; i++) {
    const byte = bytes[i]!;
    if (byte === 34) {
      quoted = !quoted; // "" inside a quoted cell closes and opens it again: the same in the end
      continue;
    }
    if (quoted || (byte !== 44 && byte !== 10)) continue;
    if (at === column) {
      chosenStart = cellStart;
      chosenEnd = i;
    }
    at++;
    cellStart = i + 1;
    if (byte === 44) continue;
    found[4 * count] = start;
    found[4 * count + 1] = i + 1;
    found[4 * count + 2] = chosenStart;
    found[4 * count + 3] = chosenEnd;
    count++;
    if (column < 0 || 4 * count === found.length) return count;
    at = 0;
    start = i + 1;
    chosenStart = chosenEnd = -1;
  }
  return count;
}
const [CELL, BOM] = [/"((?:[^"]|"")*)"|([^,\r\n]*)/y, "\xef\xbb\xbf"];
/** The first `count` cells of the record `text`, unquoted and read as UTF-8 (`text` holds its bytes as latin1); a BOM
 * before them is no part of the first. */
export function cellsAt(text: string, count = Infinity): string[] {
  const cells: string[] = [];
  for (CELL.lastIndex = text.startsWith(BOM) ? 3 : 0; cells.length < count; CELL.lastIndex++) {
    const [, quoted, plain = ""] = CELL.exec(text)!;
    const cell = quoted === undefined ? plain : quoted.replaceAll('""', '"');
    // eslint-disable-next-line no-control-regex -- ASCII is what it tests for
    cells.push(/[^\x00-\x7f]/.test(cell) ? Buffer.from(cell, "latin1").toString() : cell);
    if (text[CELL.lastIndex] !== ",") break;
  }
  return cells;
}
