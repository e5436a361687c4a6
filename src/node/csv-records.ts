/** CSV records found in bytes without parsing them, for the export to copy those it keeps as they came: one pass over
 * the bytes (RFC 4180 quoting: a quoted cell may hold commas, line breaks and "" quotes) that notes where two chosen
 * cells lie, and no text made of a record unless its caller asks. Reads ~900 MB/s, where csv-parse reads ~10 MB/s with
 * `raw` and latin1 text with a regex per record cost the export twice the download's time. */
import { chunksOf, type BodySource } from "../core/body.js";
import { AlliError } from "../errors/errors.js";

const [CR, LF, CRLF] = [13, Buffer.from("\n"), Buffer.from("\r\n")];
/** Says whether to keep the record at [start, end) of `bytes`, given where its chosen cell lies (`cell.column`):
 * start and end, quotes included (and a line's CR, when the cell is its last), -1 when the record has too few. */
export type Keep = (bytes: Buffer, start: number, end: number, cellStart: number, cellEnd: number) => boolean;
/**
 * The records of `source` that `keep` keeps, per chunk read, as pieces of it (records next to each other one piece:
 * the bytes are never copied). `cell.column` is the column of the cell `keep` is shown; `keep` may set it (on the
 * header). A last record without its line break gets the body's own, lest what follows join its line.
 */
export async function* keptRecords(source: BodySource, cell: { column: number }, keep: Keep) {
  let [carry, eol]: [Buffer, Buffer] = [Buffer.alloc(0), LF];
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
      rest = found[4 * count - 3]!;
    }
    if (runEnd > runStart) kept.push(bytes.subarray(runStart, runEnd));
    if (rest) eol = bytes[rest - 2] === CR ? CRLF : LF;
    carry = bytes.subarray(rest);
    return kept;
  };
  for (let chunks = chunksOf(source), next = await chunks.next(); !next.done; next = await chunks.next()) {
    let read = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    const kept: Buffer[] = [];
    if (carry.length) {
      // The record begun in the chunk before is joined to its end here, and only it: a record is short, a chunk not.
      const end = endIn(carry, read);
      if (end < 0) carry = Buffer.concat([carry, read]);
      if (end < 0) continue;
      kept.push(...piecesOf(Buffer.concat([carry, read.subarray(0, end)])));
      read = read.subarray(end);
    }
    kept.push(...piecesOf(read));
    if (kept.length) yield kept;
  }
  const kept = carry.length ? piecesOf(Buffer.concat([carry, eol])) : [];
  if (carry.length) throw new AlliError("audit-log CSV: a quoted cell never ends");
  if (kept.length) yield kept;
}
/** Where the record begun in `carry` ends in `read`: past its line break, or -1. */
function endIn(carry: Buffer, read: Buffer): number {
  let quoted = false;
  for (const byte of carry) if (byte === 34) quoted = !quoted;
  for (let i = 0; i < read.length; i++) {
    if (read[i] === 34) quoted = !quoted;
    else if (read[i] === 10 && !quoted) return i + 1;
  }
  return -1;
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
const CELL = /"((?:[^"]|"")*)"|([^,\r\n]*)/y;
/** The first `count` cells of the record `text`, unquoted and read as UTF-8 (`text` holds its bytes as latin1). */
export function cellsAt(text: string, start = 0, count = Infinity): string[] {
  const cells: string[] = [];
  for (CELL.lastIndex = start; cells.length < count; CELL.lastIndex++) {
    const [, quoted, plain = ""] = CELL.exec(text)!;
    const cell = quoted === undefined ? plain : quoted.replaceAll('""', '"');
    // eslint-disable-next-line no-control-regex -- ASCII is what it tests for
    cells.push(/[^\x00-\x7f]/.test(cell) ? Buffer.from(cell, "latin1").toString() : cell);
    if (text[CELL.lastIndex] !== ",") break;
  }
  return cells;
}
