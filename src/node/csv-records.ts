/** The one reader of the audit-log CSV: records found in the bytes by their RFC 4180 quoting (a quoted cell may hold
 * commas, line breaks and "" quotes), 16 bytes at a time by a WebAssembly scanner (csv-scan.wat), noting where a chosen
 * cell lies, with no text made of a record unless its caller asks: the export copies the records it keeps as they
 * came, rows() reads each one's cells. */
import { chunksOf, type BodySource } from "../core/body.js";
import { AlliError } from "../errors/errors.js";
import { CSV_SCAN_WASM } from "../../generated/csv-scan.js";

const [CR, LF, CRLF] = [13, Buffer.from("\n"), Buffer.from("\r\n")];
const MAX_RECORD = 32 * 1024 * 1024; // a quote never closed would otherwise hold the rest of the body
const malformed = (why: string) => new AlliError(`the audit-log CSV is malformed: ${why}`);
/** Says whether to keep the record at [start, end) of `bytes`, given the stamp of the time its chosen cell
 * (`cell.column`) holds: the number YYYYMMDDHHMMSS, NaN when it holds no UTC time in the API's form, a date or time
 * that does not exist, or the record has too few cells. */
export type Keep = (bytes: Buffer, start: number, end: number, stamp: number) => boolean;
/** Which cell's stamp `keep` is shown (`keep` may set it, on the header), and between which stamps (both excluded) a
 * record is kept without asking `keep`: a window's middle, where an export decides nothing else. */
export type Chosen = { column: number; between?: [after: number, before: number] };
/**
 * The records of `source` that `keep` keeps (a blank line it is not shown: none is kept), per chunk read, as pieces of
 * it (records next to each other one piece: the bytes are never copied); a chunk with none gives []. A last record
 * without its line break gets the body's own, lest what follows join its line.
 */
export async function* keptRecords(source: BodySource, cell: Chosen, keep: Keep) {
  // The record begun in a chunk before: its pieces, their size, whether they end inside quotes; and the records seen.
  let [open, size, quoted, records, eol]: [Buffer[], number, boolean, number, Buffer] = [[], 0, false, 0, LF];
  // One scanner holds the chunk, the other a record joined from the chunks it spans.
  const [chunk, joined] = [scannerOf(), scannerOf()];
  /** The pieces kept of `bytes` (loaded in `scanner`) from `from` on; what follows its last record stays open. */
  const piecesOf = (scanner: Scanner, bytes: Buffer, from: number) => {
    const kept: Buffer[] = [];
    let [runStart, runEnd, rest] = [from, from, from];
    const [after, before] = cell.between ?? [NaN, NaN];
    const { found, stamps } = scanner;
    for (let count = scanner.scan(from, cell.column); count; count = scanner.scan(rest, cell.column)) {
      for (let record = 0; record < count; record++) {
        const [start, end, stamp] = [found[4 * record]!, found[4 * record + 1]!, stamps[2 * record + 1]!];
        const blank = end - start === 1 || (end - start === 2 && bytes[start] === CR);
        if (!(stamp > after && stamp < before) && (blank || !keep(bytes, start, end, stamp))) continue;
        if (runEnd !== start && runEnd > runStart) kept.push(bytes.subarray(runStart, runEnd));
        if (runEnd !== start) runStart = start;
        runEnd = end;
      }
      [rest, records] = [found[4 * count - 3]!, records + count];
    }
    if (runEnd > runStart) kept.push(bytes.subarray(runStart, runEnd));
    if (rest > from) eol = bytes[rest - 2] === CR ? CRLF : LF;
    [open, size, quoted] = [[bytes.subarray(rest)], bytes.length - rest, scanner.endsQuoted()];
    return kept;
  };
  const piecesOfJoined = (bytes: Buffer) => piecesOf(joined.load(bytes), bytes, 0);
  const chunks = chunksOf(source);
  try {
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      const read = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      chunk.load(read);
      // The record begun before ends in this chunk (found from its quote state), and only it is joined: a record is
      // short, a chunk not.
      const end = !size ? 0 : chunk.scan(0, -1, quoted) ? chunk.found[1]! : -1;
      if (end < 0) [open, size, quoted] = [[...open, read], size + read.length, chunk.endsQuoted()];
      if (size > MAX_RECORD) throw malformed(`record ${records + 1} is longer than 32 MiB (a quote never closed?)`);
      if (end < 0) yield [];
      else if (!end) yield piecesOf(chunk, read, 0);
      else yield [...piecesOfJoined(Buffer.concat([...open, read.subarray(0, end)])), ...piecesOf(chunk, read, end)];
    }
    if (!size) return;
    const kept = piecesOfJoined(Buffer.concat([...open, eol]));
    if (size) throw malformed(`record ${records + 1}: a quoted cell never ends (it runs to the body's last line)`);
    yield kept;
  } finally {
    await chunks.return?.(); // a failure, or a caller that stops early, closes the download
  }
}
/** The cells of each record of `source` (unquoted, read as UTF-8; a leading BOM and blank lines skipped), per chunk
 * read: what rows() makes its rows of. */
export async function* csvCells(source: BodySource): AsyncGenerator<string[][]> {
  const batch: string[][] = [];
  const cells: Keep = (bytes, start, end) => {
    batch.push(cellsAt(bytes.toString("latin1", start, end)));
    return false; // nothing for keptRecords to give back: the cells are in `batch`
  };
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the pieces kept: none
  for await (const _none of keptRecords(source, { column: 0 }, cells)) yield batch.splice(0);
}
const [FOUND, BYTES] = [1024, 32 * 1024]; // records found per call (16 bytes each), and where the bytes go after them
let compiled: WebAssembly.Module | undefined;
type Scanner = ReturnType<typeof scannerOf>;
/**
 * A scanner with its own memory (it grows to the longest bytes it held, and goes with it): `load` copies the bytes in,
 * `scan` writes the records it finds into `found` and `stamps`, from `from` on (inside quotes when `quoted`), as many
 * as they hold, 16 bytes each: its start and end (Int32) and the stamp of the time its cell at `column` holds (Float64;
 * see Keep), so the i-th is at found[4 * i] and stamps[2 * i + 1]. `scan` returns how many; it stops after one while
 * `column` is -1. Once it returns 0, `endsQuoted` says whether the bytes end inside quotes.
 */
function scannerOf() {
  try {
    compiled ??= new WebAssembly.Module(Buffer.from(CSV_SCAN_WASM, "base64"));
  } catch (error) {
    throw new AlliError("the audit-log CSV reader needs WebAssembly with SIMD (Node.js 20 has it)", { cause: error });
  }
  const wasm = new WebAssembly.Instance(compiled).exports as {
    memory: WebAssembly.Memory;
    quoted: WebAssembly.Global;
    scan: (from: number, length: number, column: number, capacity: number, quoted: number) => number;
  };
  let length = 0;
  const scanner = {
    found: new Int32Array(0),
    stamps: new Float64Array(0),
    load(bytes: Buffer) {
      const missing = BYTES + bytes.length + 16 - wasm.memory.buffer.byteLength; // 16: the last block's load
      if (missing > 0) wasm.memory.grow(Math.ceil(missing / 65536));
      new Uint8Array(wasm.memory.buffer).set(bytes, BYTES);
      length = bytes.length;
      scanner.found = new Int32Array(wasm.memory.buffer, 0, 4 * FOUND);
      scanner.stamps = new Float64Array(wasm.memory.buffer, 0, 2 * FOUND);
      return scanner;
    },
    scan: (from: number, column: number, quoted = false) => wasm.scan(from, length, column, FOUND, Number(quoted)),
    endsQuoted: () => wasm.quoted.value === 1,
  };
  return scanner;
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
