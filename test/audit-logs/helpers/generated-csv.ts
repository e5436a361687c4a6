/**
 * A deterministic audit-log CSV of any size, generated on the fly: row i is a function of i, so a
 * test regenerates the row it expects instead of storing what it sent. Each row is built from
 * typed values (the truth), then written as CSV with hostile quoting: commas, doubled quotes, LF
 * and CRLF inside fields, multi-byte text (CJK, emoji, combining marks), empty cells, CRLF
 * records and a UTF-8 BOM.
 */
import type { ServerResponse } from "node:http";

export const HEADER = ["id", "createdAt", "agentEmail", "ip", "method", "path", "operation", "body", "note"] as const;

const BASE_TIME = Date.UTC(2026, 0, 1, 0, 0, 0, 0);
const NOTES = [
  "  leading and trailing spaces  ",
  "tab\there",
  "e\u0301 (e + combining acute)",
  '"starts with a quote',
  "🎉🙂 emoji, 4 bytes each",
  "日本語のテキスト、カンマ,あり",
  "",
];

/** Row i as typed values: what rows() must give back (createdAt a Date, empty nullable cells null). */
export function expectedRow(i: number): Record<string, unknown> {
  const createdAt = new Date(BASE_TIME + i * 7_301);
  const body =
    i % 4 === 0
      ? null
      : i % 6 === 1
        ? `not json, "really" ${i}`
        : { text: `こんにちは, "世界"\n🎉 #${i}`, n: i, nested: { list: [i, "a,b", null] } };
  return {
    id: i % 10 === 3 ? `log,"${i}"` : `log_${i}`,
    createdAt,
    agentEmail: i % 9 === 0 ? "" : `agent${i % 50}@例え.jp`,
    ip: i % 7 === 0 ? null : `203.0.113.${i % 256}`,
    method: i % 2 ? "POST" : "GET",
    path: `/webapi/v2/things?q=${i},"x"`,
    operation: i % 5 === 0 ? null : i % 5 === 1 ? `update\r\nApp "${i}"` : `op ${i}\nsecond line, ünïcödé`,
    body,
    note: NOTES[i % NOTES.length]!,
  };
}

/** The CSV text of a cell: quoted when it must be (and every third row's cells anyway). */
function cell(value: string, i: number): string {
  const mustQuote = /[",\r\n]/.test(value);
  return mustQuote || i % 3 === 0 ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The date-time written three ways: ISO with Z, with a +09:00 offset, and with no offset (UTC). */
function dateText(date: Date, i: number): string {
  if (i % 3 === 0) return date.toISOString();
  if (i % 3 === 1) {
    const shifted = new Date(date.getTime() + 9 * 3600_000).toISOString();
    return `${shifted.slice(0, -1)}+09:00`;
  }
  return date.toISOString().slice(0, -1);
}

/** Row i as one CSV record, CRLF-terminated. */
export function csvLine(i: number): string {
  const row = expectedRow(i);
  const text = (name: (typeof HEADER)[number]): string => {
    const value = row[name];
    if (value === null) return "";
    if (value instanceof Date) return dateText(value, i);
    return typeof value === "string" ? value : JSON.stringify(value);
  };
  return `${HEADER.map((name) => cell(text(name), i)).join(",")}\r\n`;
}

export const CSV_START = `\ufeff${HEADER.join(",")}\r\n`;

/** The CSV text of rows [0, count) at once (small documents for fixtures). */
export function csvText(count: number): string {
  let text = CSV_START;
  for (let i = 0; i < count; i++) text += csvLine(i);
  return text;
}

export interface StreamedCsv {
  rows: number;
  bytes: number;
}

/**
 * Writes the BOM, header and rows 0, 1, 2 … until at least `minBytes`, with backpressure; the
 * caller's `onChunk` sees every buffer sent (for a hash). Stops early when the client goes away.
 */
export async function streamCsv(
  res: ServerResponse,
  minBytes: number,
  onChunk?: (chunk: Buffer) => void,
): Promise<StreamedCsv> {
  let bytes = 0;
  let rows = 0;
  const send = async (text: string) => {
    const chunk = Buffer.from(text);
    bytes += chunk.length;
    onChunk?.(chunk);
    if (!res.write(chunk))
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off("drain", done);
          res.off("close", done);
          resolve();
        };
        res.on("drain", done);
        res.on("close", done);
      });
  };
  await send(CSV_START);
  while (bytes < minBytes && !res.destroyed) {
    let text = "";
    for (let k = 0; k < 200; k++) text += csvLine(rows++);
    await send(text);
  }
  return { rows, bytes };
}
