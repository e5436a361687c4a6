/**
 * At least 100 MB of generated hostile CSV from a loopback server, with backpressure, never held
 * in memory: rows read back equal the generator's rows, and a file written equals the bytes sent.
 */
import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAlliClient } from "../../src/client.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";
import { expectedRow, streamCsv } from "./helpers/generated-csv.js";
import { filesIn, useTempDirs } from "./helpers/temp-dir.js";

const SIZE = 100 * 1024 * 1024;

let server: ScriptedServer;
let sent: { rows: number; bytes: number; sha256: string } | undefined;

beforeAll(async () => {
  server = await startServer(async (_req, res) => {
    res.writeHead(200, { "content-type": "text/csv; charset=utf-8" });
    const hash = createHash("sha256");
    const { rows, bytes } = await streamCsv(res, SIZE, (chunk) => hash.update(chunk));
    sent = { rows, bytes, sha256: hash.digest("hex") };
    res.end();
  });
});
afterAll(() => server.close());
const temp = useTempDirs();

const alli = () => createAlliClient({ apiKey: "test-key", baseUrl: server.url });

describe(`a ${SIZE / 1024 / 1024} MB audit-log CSV`, () => {
  it("rows() yields every generated row, equal to the generator's typed row", async () => {
    sent = undefined;
    let count = 0;
    let mismatches = 0;
    for await (const row of alli().auditLogs.rows()) {
      const expected = expectedRow(count);
      // isDeepStrictEqual keeps 350k comparisons fast; expect() reports the first difference.
      if (!isDeepStrictEqual(row, expected)) {
        mismatches++;
        expect(row, `row ${count}`).toEqual(expected);
      }
      count++;
    }
    expect(mismatches).toBe(0);
    expect(sent!.bytes).toBeGreaterThanOrEqual(SIZE);
    expect(count).toBe(sent!.rows);
  }, 120_000);

  it("downloadToFile() writes exactly the bytes sent, reporting progress up to the size", async () => {
    sent = undefined;
    const dir = temp.make();
    const path = join(dir, "audit.csv");
    let last = { bytes: -1, total: undefined as number | undefined };
    let calls = 0;
    const result = await alli().auditLogs.downloadToFile(path, {
      onProgress: (p) => {
        expect(p.bytes).toBeGreaterThanOrEqual(last.bytes);
        last = p;
        calls++;
      },
    });
    const hash = createHash("sha256");
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    expect(hash.digest("hex")).toBe(sent!.sha256);
    expect(statSync(path).size).toBe(sent!.bytes);
    expect(result.bytes).toBe(sent!.bytes);
    expect(last.bytes).toBe(sent!.bytes);
    expect(last.total).toBeUndefined(); // chunked: the size was not announced
    expect(calls).toBeGreaterThan(2);
    expect(filesIn(dir)).toEqual(["audit.csv"]);
  }, 120_000);
});
