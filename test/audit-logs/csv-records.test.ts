/** The CSV layer on chunk fixtures, no HTTP: every split point, multi-byte characters cut in two. */
import { describe, expect, it } from "vitest";
import { AlliError } from "../../src/index.js";
import { csvRows } from "../../src/features/audit-logs/rows.js";
import { parse } from "csv-parse/sync";
import { csvCells, keptRecords } from "../../src/node/csv-records.js";
import { csvText, expectedRow } from "./helpers/generated-csv.js";

const encode = (text: string) => new TextEncoder().encode(text);

async function* chunksOf(bytes: Uint8Array, splits: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const split of [...splits, bytes.length]) {
    yield bytes.subarray(at, split);
    at = split;
  }
}

async function rows(chunks: AsyncIterable<Uint8Array>): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const row of csvRows(csvCells(chunks))) out.push(row);
  return out;
}

/** The document's records: the header (the rows' keys) and each row's cells. */
async function records(chunks: AsyncIterable<Uint8Array>): Promise<unknown[][]> {
  const all = await rows(chunks);
  return all.length ? [Object.keys(all[0]!), ...all.map((row) => Object.values(row))] : [];
}

// BOM, CRLF records, a quoted comma, a quoted LF and CRLF, doubled quotes, 2-, 3- and 4-byte characters.
const HOSTILE =
  '\ufeffname,text,more\r\n"a, b","say ""hi""\nthere",ü\r\n"日本","line1\r\nline2",🎉\r\nplain,"",""""\r\n';
const HOSTILE_CELLS = [
  ["name", "text", "more"],
  ["a, b", 'say "hi"\nthere', "ü"],
  ["日本", "line1\r\nline2", "🎉"],
  ["plain", "", '"'],
];

describe("csvRows", () => {
  it("gives the same records whichever byte the document is split at", async () => {
    const bytes = encode(HOSTILE);
    for (let split = 0; split <= bytes.length; split++) {
      const got = await records(chunksOf(bytes, [split]));
      expect(got, `split at byte ${split}`).toEqual(HOSTILE_CELLS);
    }
  });

  it("reads a document fed one byte at a time (every multi-byte character cut)", async () => {
    const bytes = encode(HOSTILE);
    const got = await records(
      chunksOf(
        bytes,
        Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
      ),
    );
    expect(got).toEqual(HOSTILE_CELLS);
  });

  it("reads a document without a trailing newline, and skips blank lines", async () => {
    const got = await records(chunksOf(encode("a,b\n\n1,2\n\n3,4"), [5]));
    expect(got).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
    ]);
  });

  it("yields nothing for an empty body", async () => {
    expect(await records(chunksOf(new Uint8Array(0), []))).toEqual([]);
  });

  it("rejects an unterminated quote with an AlliError naming the line", async () => {
    const failure = records(chunksOf(encode('a,b\n1,"open\n2,3\n'), [7]));
    await expect(failure).rejects.toBeInstanceOf(AlliError);
    await expect(failure).rejects.toThrow(/malformed.*line/);
  });

  it("rejects a record past 32 MiB (a quote never closed) before reading the rest", async () => {
    let sent = 0;
    async function* endless() {
      yield encode('a,b\n1,"open');
      for (const mib = new Uint8Array(1024 * 1024).fill(120); sent < 64; sent++) yield mib;
    }
    await expect(records(endless())).rejects.toThrow(/malformed.*32 MiB/);
    expect(sent).toBeLessThan(40);
  });

  it("rejects a record with a different number of cells than the header", async () => {
    await expect(records(chunksOf(encode("a,b,c\n1,2\n"), []))).rejects.toThrow(/malformed.*Invalid Record Length/);
  });
});

describe("the scanner, 16 bytes at a time", () => {
  // Deterministic pseudo-random documents: cells long and short around the 16-byte blocks, quoted with "" inside,
  // commas, LF and CRLF inside quotes, multi-byte characters; each read split at random points, against csv-parse.
  let seed = 7;
  const random = (n: number) => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0), (seed >>> 8) % n);
  const pieces = ["a", "xyz", "0123456789abcdef", ",", '""', "\n", "\r\n", "日本", "🎉", " "];
  const cell = () => {
    const text = Array.from({ length: random(6) }, () => pieces[random(pieces.length)]!).join("");
    return /[",\r\n]/.test(text) || random(4) === 0 ? `"${text.replaceAll('"', '""')}"` : text;
  };
  it("reads every record and cell as csv-parse does, whatever the chunks", async () => {
    for (let document = 0; document < 200; document++) {
      const width = 1 + random(5);
      const lines = Array.from({ length: 1 + random(12) }, () => Array.from({ length: width }, cell).join(","));
      const eol = random(2) ? "\r\n" : "\n";
      const text = lines.join(eol) + (random(2) ? eol : "");
      const expected = parse(text, { skip_empty_lines: true, record_delimiter: eol }) as string[][];
      const bytes = encode(text);
      const splits = [...new Set(Array.from({ length: random(4) }, () => random(bytes.length + 1)))].sort(
        (a, b) => a - b,
      );
      const got: string[][] = [];
      for await (const batch of csvCells(chunksOf(bytes, splits))) got.push(...batch);
      expect(got, `${JSON.stringify(text)} split at ${splits.join(", ")}`).toEqual(expected);
    }
  });
  it("reads a createdAt cell as the number YYYYMMDDHHMMSS, NaN for any other form or a date that does not exist", async () => {
    const cases: [cell: string, time: number][] = [
      ["2025-01-05T10:20:30Z", 20250105102030],
      ["2025-01-05T10:20:30.1Z", 20250105102030],
      ["2025-12-31T23:59:59.123456789Z", 20251231235959],
      ["2024-02-29T00:00:00Z", 20240229000000], // leap years: by 4,
      ["2020-02-29T00:00:00Z", 20200229000000],
      ["2000-02-29T12:00:00.5Z", 20000229120000], // by 400,
      ["1900-02-29T00:00:00Z", NaN], // not by 100
      ["2100-02-29T00:00:00Z", NaN],
      ["2025-02-29T00:00:00Z", NaN],
      ["2025-04-31T00:00:00Z", NaN],
      ["2025-13-01T00:00:00Z", NaN],
      ["2025-00-10T00:00:00Z", NaN],
      ["2025-01-00T00:00:00Z", NaN],
      ["2025-01-05T24:00:00Z", NaN],
      ["2025-01-05T10:60:00Z", NaN],
      ["2025-01-05T10:20:60Z", NaN], // a leap second: only its time can tell
      ["2025-01-05T10:20:30.1234567890Z", NaN], // ten digits
      ["2025-01-05T10:20:30.Z", NaN],
      ["2025-01-05T10:20:3xZ", NaN],
      ["2025-01-05T10:20:30+00:00", NaN],
      ["2025-01-05 10:20:30Z", NaN],
      ["2025-1-05T10:20:30Z", NaN],
      ['"2025-01-05T10:20:30Z"', NaN], // quoted
      ["2025-01-05", NaN],
      ["", NaN],
    ];
    const text = `id,createdAt\n${cases.map(([cell], i) => `r${i},${cell}\n`).join("")}r,\nshort\n`;
    const times: number[] = [];
    const keep = (_bytes: Buffer, _start: number, _end: number, time: number) => (times.push(time), false);
    for await (const _ of keptRecords(chunksOf(encode(text), []), { column: 1 }, keep));
    expect(times).toEqual([NaN, ...cases.map(([, time]) => time), NaN, NaN]); // the header, an empty cell, one cell
  });
  it("reads a createdAt that is its line's last cell without the line's CR", async () => {
    const text = "id,createdAt\r\nr1,2025-01-05T10:20:30Z\r\nr2,\r\nr3,2025-01-05T10:20:31Z\n";
    const stamps: number[] = [];
    const keep = (_bytes: Buffer, _start: number, _end: number, stamp: number) => (stamps.push(stamp), false);
    for await (const _ of keptRecords(chunksOf(encode(text), [16]), { column: 1 }, keep));
    expect(stamps).toEqual([NaN, 20250105102030, NaN, 20250105102031]);
  });
  it("keeps the records whose times lie between the given ones without asking, and asks for the others", async () => {
    const middle = ["01", "01.5", "02", "03"].map((second) => `2025-01-05T00:00:${second}Z\n`).join("");
    const text = `t\n2025-01-05T00:00:00Z\n${middle}2025-01-05T00:00:04Z\nnot a time\n${middle}`;
    const asked: number[] = [];
    const keep = (_bytes: Buffer, _start: number, _end: number, time: number) => (asked.push(time), false);
    const between: [number, number] = [20250105000000, 20250105000004];
    let kept = "";
    for await (const pieces of keptRecords(chunksOf(encode(text), [7, 60]), { column: 0, between }, keep))
      kept += pieces.map((piece) => piece.toString()).join("");
    expect(kept).toBe(middle + middle);
    expect(asked).toEqual([NaN, 20250105000000, 20250105000004, NaN]);
  });
  it("counts the records it kept without asking when it names one", async () => {
    const middle = "2025-01-05T00:00:01Z,a\n".repeat(5);
    const text = `t,n\n${middle}2025-01-05T00:00:01Z,"never closed\n${middle}`;
    const between: [number, number] = [20250105000000, 20250105000002];
    const reading = keptRecords(chunksOf(encode(text), [50]), { column: 0, between }, () => true);
    await expect(async () => {
      for await (const _ of reading);
    }).rejects.toThrow(/record 7: a quoted cell never ends/);
  });
});

describe("rows from generated hostile CSV, split at every byte of a 2-row window", () => {
  it("equals the generator's typed rows at every split point", async () => {
    const count = 30; // covers every i % n variant of the generator
    const bytes = encode(csvText(count));
    const expected = Array.from({ length: count }, (_, i) => expectedRow(i));
    // Split points inside the first rows (BOM, header, multi-byte cells) and then every 97th byte.
    const splits = [
      ...Array.from({ length: 600 }, (_, i) => i),
      ...Array.from({ length: Math.floor(bytes.length / 97) }, (_, i) => 600 + i * 97),
    ];
    for (const split of splits.filter((s) => s <= bytes.length)) {
      expect(await rows(chunksOf(bytes, [split])), `split at byte ${split}`).toEqual(expected);
    }
  });
});
