/** The CSV layer on chunk fixtures, no HTTP: every split point, multi-byte characters cut in two. */
import { describe, expect, it } from "vitest";
import { AlliError } from "../../src/index.js";
import { csvRows } from "../../src/features/audit-logs/rows.js";
import { csvCells } from "../../src/node/csv-records.js";
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
