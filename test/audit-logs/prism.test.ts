/** Against the Prism mock of the spec: the download's CSV example, as bytes, as a file, as rows. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, inject, it } from "vitest";
import { createAlliClient } from "../../src/client.js";
import { spec as mergedSpec } from "../helpers/spec.js";
import { filesIn, useTempDirs } from "./helpers/temp-dir.js";

const example: string =
  mergedSpec.paths["/webapi/v2/audit/logs/download"].get.responses["200"].content["text/csv"].example;
const alli = () => createAlliClient({ apiKey: "test-key", baseUrl: inject("prismUrl") });
const temp = useTempDirs();
// A query Prism validates against the spec too (it answers 400 to one that breaks it).
const query = { createdAt: "2026-01-31T00:00:00Z", beforeRange: 7, params: ["variables" as const, "body" as const] };

describe("audit-log download against Prism", () => {
  it("download() streams the example's bytes", async () => {
    const download = await alli().auditLogs.download({ query });
    expect(await new Response(download.body).text()).toBe(example);
    expect(download.response.headers.get("content-type")).toMatch(/^text\/csv/);
  });

  it("download().toNodeReadable() gives the same bytes as a Node Readable", async () => {
    const readable = await (await alli().auditLogs.download({ query })).toNodeReadable();
    const chunks: Buffer[] = [];
    for await (const chunk of readable) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString("utf8")).toBe(example);
  });

  it("downloadToFile() writes exactly the example, reports progress, and leaves nothing else", async () => {
    const dir = temp.make();
    const progress: Array<{ bytes: number; total: number | undefined }> = [];
    const result = await alli().auditLogs.downloadToFile(join(dir, "logs.csv"), {
      query,
      onProgress: (p) => progress.push(p),
    });
    expect(readFileSync(join(dir, "logs.csv"), "utf8")).toBe(example);
    expect(filesIn(dir)).toEqual(["logs.csv"]);
    expect(result.bytes).toBe(Buffer.byteLength(example));
    expect(progress[0]!.bytes).toBe(0);
    expect(progress.at(-1)!.bytes).toBe(Buffer.byteLength(example));
  });

  it("rows() gives the example's records keyed by its header, createdAt as a Date", async () => {
    const rows = [];
    for await (const row of alli().auditLogs.rows({ query })) rows.push(row);
    const records: Record<string, string>[] = parse(example, { columns: true });
    expect(rows).toHaveLength(records.length);
    rows.forEach((row, i) => {
      const record = records[i]!;
      expect(row.createdAt).toEqual(new Date(record.createdAt!));
      // An object column of the AuditLog schema: its JSON cell parsed.
      expect(row.agent).toEqual(JSON.parse(record.agent!));
      // nullable AuditLog columns: an empty cell is null
      expect(row.operation).toBe(record.operation === "" ? null : record.operation);
      expect(row.variables).toEqual(record.variables === "" ? null : JSON.parse(record.variables!));
      expect(row.id).toBe(record.id);
    });
    expect(rows.map((r) => r.operation)).toEqual([null, "updateApp"]);
  });
});
