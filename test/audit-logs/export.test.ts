/**
 * alli.auditLogs.exportToFile / exportRows over any period, against a scripted server that answers each window as the
 * API would (every row of [createdAt - beforeRange days, createdAt], both ends included, so a seam's rows come twice).
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { createAlliClient, InvalidInputError, type ExportProgress } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";
import { ROOT } from "../helpers/spec.js";
import { filesIn, useTempDirs } from "./helpers/temp-dir.js";

const DAY = 86_400_000;
const HEADER = "id,createdAt,agent,ip,operation,mutation,method,path,variables,query,body\r\n";
const since = Date.parse("2025-01-01T00:00:00Z");
const until = Date.parse("2025-03-20T12:00:00Z"); // 78.5 days: windows of 31, 31 and 16.5 days
const seams = [since + 31 * DAY, since + 62 * DAY];
type Row = { id: string; at: number };
const line = ({ id, at }: Row) =>
  `${id},${new Date(at).toISOString()},"{""id"": ""agent_1"", ""note"": ""a, b\nc""}",203.0.113.7,,,GET,/webapi/v2/x,,,\r\n`;
/** Rows every 5 hours from 3 days before the period to 3 days after, rows on each seam and on its ends, a row sent
 * again across a seam under a later time (`dup`), and an id with a quote and a comma. */
function dataset(): Row[] {
  const rows: Row[] = [];
  for (let at = since - 3 * DAY, i = 0; at < until + 3 * DAY; at += 5 * 3_600_000, i++)
    rows.push({ id: `log_${i}`, at });
  rows.push({ id: "on_since", at: since }, { id: "on_until", at: until }, { id: '"odd, id"', at: since + DAY });
  for (const [i, seam] of seams.entries())
    rows.push({ id: `seam_${i}`, at: seam }, { id: `dup_${i}`, at: seam - 60_000 });
  for (const [i, seam] of seams.entries()) rows.push({ id: `dup_${i}`, at: seam + 120_000 });
  return rows.sort((a, b) => a.at - b.at);
}
const ROWS = dataset();
const csvId = (id: string) => (id.includes('"') ? `"${id.replaceAll('"', '""')}"` : id);
/** What an export must hold: the header, then each row of [since, until) once (a dup's first copy), oldest first. */
const expected = () => {
  const seen = new Set<string>();
  const kept = ROWS.filter((row) => row.at >= since && row.at < until && !seen.has(row.id) && seen.add(row.id));
  return HEADER + kept.map((row) => line({ ...row, id: csvId(row.id) })).join("");
};

type Script = (window: number, res: import("node:http").ServerResponse, body: string) => void | Promise<void>;
const servers: ScriptedServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});
/** The API's answer for each window; `script` may answer otherwise (by the window's index, from 0). */
async function serve(script?: Script) {
  let calls = 0;
  const server = await startServer(async (req, res) => {
    const query = new URL(req.url!, "http://x").searchParams;
    const end = Date.parse(query.get("createdAt")!);
    const start = end - Number(query.get("beforeRange")) * DAY;
    const rows = ROWS.filter((row) => row.at >= start && row.at <= end).map((row) => ({ ...row, id: csvId(row.id) }));
    const body = HEADER + rows.map(line).join("");
    const window = calls++;
    if (script) return script(window, res, body);
    res.writeHead(200, { "content-type": "text/csv" });
    res.end(body);
  });
  servers.push(server);
  return server;
}
const client = (server: ScriptedServer) => createAlliClient({ apiKey: "k", baseUrl: server.url, maxRetries: 0 });
const period = { since: new Date(since), until: new Date(until).toISOString() };
const dirs = useTempDirs();

describe("exportToFile", () => {
  it("writes one header and each row of [since, until) once, asking 31-day windows, the last shorter", async () => {
    const server = await serve();
    const path = join(dirs.make(), "logs.csv");
    const progress: ExportProgress[] = [];
    const result = await client(server).auditLogs.exportToFile(path, {
      ...period,
      onProgress: (p) => progress.push(p),
    });
    expect(readFileSync(path, "latin1")).toBe(expected());
    expect(result).toEqual({ path, bytes: Buffer.byteLength(expected()), windows: 3 });
    const asked = server.requests.map((r) => Object.fromEntries(new URL(r.url, "http://x").searchParams));
    expect(asked).toEqual([
      { createdAt: "2025-02-01T00:00:00.000Z", beforeRange: "31" },
      { createdAt: "2025-03-04T00:00:00.000Z", beforeRange: "31" },
      { createdAt: "2025-03-20T12:00:00.000Z", beforeRange: "17" },
    ]);
    expect(progress.at(-1)).toEqual({ windowsDone: 3, windows: 3, bytes: result.bytes });
    for (const [i, p] of progress.entries())
      if (i) expect(p.bytes >= progress[i - 1]!.bytes && p.windowsDone >= progress[i - 1]!.windowsDone).toBe(true);
    expect(progress.map((p) => p.windowsDone)).toContain(2);
    expect(filesIn(join(path, ".."))).toEqual(["logs.csv"]);
  });

  it("resumes after a failure from the first unfinished window, to the same bytes", async () => {
    let broken = true;
    const server = await serve((window, res, body) => {
      res.writeHead(200, { "content-type": "text/csv", "content-length": String(Buffer.byteLength(body)) });
      if (window === 1 && broken) return void res.end(body.slice(0, body.length / 2), () => res.destroy());
      res.end(body);
    });
    const dir = dirs.make();
    const path = join(dir, "logs.csv");
    const failed = await client(server)
      .auditLogs.exportToFile(path, period)
      .catch((e: unknown) => e);
    expect(failed).toMatchObject({ name: "TruncatedDownloadError" });
    expect(filesIn(dir)).toEqual([".logs.csv.export.partial", ".logs.csv.export.partial.json"]);
    broken = false;
    const before = server.requests.length;
    await client(server).auditLogs.exportToFile(path, period);
    expect(server.requests.length - before).toBe(2); // windows 2 and 3 only
    expect(readFileSync(path, "latin1")).toBe(expected());
    expect(filesIn(dir)).toEqual(["logs.csv"]);
  });

  it("starts over, never mixing runs, when another period or query comes between a failure and its resume", async () => {
    let failing = new Set([1, 2]); // run A's window 2, then run B's window 1
    let calls = 0;
    const server = await startServer((req, res) => {
      const query = new URL(req.url!, "http://x").searchParams;
      const end = Date.parse(query.get("createdAt")!);
      const start = end - Number(query.get("beforeRange")) * DAY;
      // Another query, other and longer rows: B's broken first window outgrows A's, and a resume mixing them would show.
      const rename = (id: string) => (query.get("email") ? id.replace(/^log_/, `b${"o".repeat(80)}g_`) : id);
      const rows = ROWS.filter((row) => row.at >= start && row.at <= end);
      const body = HEADER + rows.map((row) => line({ ...row, id: rename(csvId(row.id)) })).join("");
      res.writeHead(200, { "content-type": "text/csv", "content-length": String(Buffer.byteLength(body)) });
      if (failing.has(calls++)) return void res.end(body.slice(0, (body.length * 3) / 4), () => res.destroy());
      res.end(body);
    });
    servers.push(server);
    const dir = dirs.make();
    const path = join(dir, "logs.csv");
    const alli = client(server);
    await expect(alli.auditLogs.exportToFile(path, period)).rejects.toThrow(); // A: window 1 done
    const other = { ...period, query: { email: "b@example.com" } };
    await expect(alli.auditLogs.exportToFile(path, other)).rejects.toThrow(); // B: a fresh start, broken in window 1
    failing = new Set();
    await alli.auditLogs.exportToFile(path, period);
    expect(readFileSync(path, "latin1")).toBe(expected());
  });

  it("resumes after the process was killed between windows, to the same bytes", async () => {
    const server = await serve(async (window, res, body) => {
      res.writeHead(200, { "content-type": "text/csv" });
      if (window === 1) return void res.write(body.slice(0, 100)); // and never more: the process is killed
      res.end(body);
    });
    const dir = dirs.make();
    const path = join(dir, "logs.csv");
    const script = join(dir, "export.mts");
    writeFileSync(
      script,
      `import { createAlliClient } from ${JSON.stringify(join(ROOT, "src", "index.ts"))};
await createAlliClient({ apiKey: "k", baseUrl: ${JSON.stringify(server.url)} }).auditLogs.exportToFile(
  ${JSON.stringify(path)}, { since: ${JSON.stringify(period.since.toISOString())}, until: ${JSON.stringify(period.until)} });`,
    );
    const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: ROOT, stdio: "ignore" });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    // Killed once the first window's checkpoint is written (the second window is asked for before, and never ends).
    const checkpoint = join(dir, ".logs.csv.export.partial.json");
    while (!existsSync(checkpoint)) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill("SIGKILL");
    await exited;
    expect(server.requests).toHaveLength(2);
    expect(JSON.parse(readFileSync(checkpoint, "utf8"))).toMatchObject({ done: 1 });
    await client(await serve()).auditLogs.exportToFile(path, period);
    expect(readFileSync(path, "latin1")).toBe(expected());
  }, 30_000);

  it("skips an empty window and a window with only its header; a later window's header is not written again", async () => {
    const server = await serve((window, res, body) => {
      res.writeHead(200, { "content-type": "text/csv" });
      res.end(window === 0 ? "" : window === 1 ? HEADER : body);
    });
    const path = join(dirs.make(), "logs.csv");
    await client(server).auditLogs.exportToFile(path, period);
    const text = readFileSync(path, "latin1");
    expect(text.startsWith(HEADER)).toBe(true);
    expect(text.split(HEADER)).toHaveLength(2);
    // Windows 1 and 2 sent no rows: the file is the header and window 3's rows, dup_1's later copy included.
    const third = ROWS.filter((row) => row.at >= seams[1]! && row.at < until);
    expect(text).toBe(HEADER + third.map((row) => line({ ...row, id: csvId(row.id) })).join(""));
  });

  it("fails when a window's columns are not the first's, and keeps the partial for a resume", async () => {
    const server = await serve((window, res, body) => {
      res.writeHead(200, { "content-type": "text/csv" });
      res.end(window === 1 ? body.replace("agent,ip", "agent,address") : body);
    });
    const dir = dirs.make();
    const error = await client(server)
      .auditLogs.exportToFile(join(dir, "logs.csv"), period)
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/window 2's columns differ/);
    expect(filesIn(dir)).not.toContain("logs.csv");
  });

  it.each([
    [{ since: "2025-02-01", until: "2025-01-01" }, "until", "reversed"],
    [{ since: "2025-01-01T00:00:00Z", until: "2025-01-01" }, "until", "empty"],
    [{ since: "2025-01-01", until: new Date(Date.now() + DAY) }, "until", "future"],
    [{ since: new Date(Date.now() + DAY) }, "since", "reversed"],
    [{ since: "last year" }, "since", "RFC 3339"],
    [{ since: "2025-01-01", query: { createdAt: "2025-01-02T00:00:00Z" } }, "query.createdAt", "set by the export"],
  ])("refuses %j before anything is sent or written", async (options, field, words) => {
    const server = await serve();
    const dir = dirs.make();
    const alli = client(server);
    for (const attempt of [
      () => alli.auditLogs.exportToFile(join(dir, "logs.csv"), options as never),
      async () => alli.auditLogs.exportRows(options as never).next(),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({ field });
      expect((error as Error).message).toContain(words);
    }
    expect(server.requests).toHaveLength(0);
    expect(filesIn(dir)).toEqual([]);
  });
});

describe("bodies as servers write them", () => {
  it("takes a BOM and a quoted header, a blank line, a body without its last line break, a seam row sent twice", async () => {
    const head = '"id","createdAt"\r\n';
    const bodies = [
      `\uFEFF${head}a,2025-01-05T00:00:00Z\r\n\r\nb,2025-01-06T00:00:00Z`,
      `${head}s,2025-02-01T00:00:00.000Z\r\ns,2025-02-01T00:00:00.000Z\r\nc,2025-02-10T00:00:00Z\r\n`,
    ];
    const server = await startServer((_req, res, _body, index) => {
      res.writeHead(200, { "content-type": "text/csv" });
      res.end(bodies[index % 2]);
    });
    servers.push(server);
    const span = { since: "2025-01-01", until: "2025-03-04" }; // two windows, the seam on 2025-02-01
    const path = join(dirs.make(), "logs.csv");
    await client(server).auditLogs.exportToFile(path, span);
    const rows =
      "a,2025-01-05T00:00:00Z\r\nb,2025-01-06T00:00:00Z\r\ns,2025-02-01T00:00:00.000Z\r\nc,2025-02-10T00:00:00Z\r\n";
    expect(readFileSync(path, "utf8")).toBe(`\uFEFF${head}${rows}`);
    const ids: string[] = [];
    for await (const row of client(server).auditLogs.exportRows(span)) ids.push(String(row.id));
    expect(ids).toEqual(["a", "b", "s", "c"]);
  });
});

describe("createdAt as servers write it", () => {
  // Each cell as a server may send it, and whether its instant lies in [since, until): until has a fraction, so rows
  // in its second fall on both sides of it.
  const span = { since: "2025-01-01T00:00:00Z", until: "2025-01-10T00:00:00.500Z" };
  const cells: [cell: string, inPeriod: boolean][] = [
    ["2024-12-31T23:59:59.999Z", false],
    ["2025-01-01T00:00:00Z", true], // since itself
    ["2025-01-01T08:59:59+09:00", false], // 2024-12-31T23:59:59Z
    ["2025-01-01T09:00:00+09:00", true], // since
    ['"2025-01-03T10:00:00Z"', true], // quoted
    ["2025-01-04", true], // a date alone: its midnight, UTC
    ["2025-01-05T10:00:00.123456789Z", true],
    ["2025-01-10T00:00:00.499Z", true],
    ["2025-01-10T00:00:00.5Z", false], // until itself
    ["2025-01-10T00:00:01Z", false],
    ["2025-01-31T23:00:00Z", false],
  ];
  async function exportOf(body: string, path = join(dirs.make(), "logs.csv")) {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      res.end(body);
    });
    servers.push(server);
    await client(server).auditLogs.exportToFile(path, span);
    return readFileSync(path, "utf8");
  }
  it("keeps a row by its createdAt's instant, in any RFC 3339 form, quoted or not, in any column", async () => {
    const layouts = [
      { header: "id,createdAt,note\r\n", row: (cell: string, i: number) => `r${i},${cell},"a, ""b""\nc"\r\n` },
      { header: "note,id,createdAt\r\n", row: (cell: string, i: number) => `n,r${i},${cell}\r\n` }, // with the CR
    ];
    for (const { header, row } of layouts) {
      const rows = cells.map(([cell], i) => row(cell, i));
      const kept = rows.filter((_, i) => cells[i]![1]);
      expect(await exportOf(header + rows.join(""))).toBe(header + kept.join(""));
    }
  });
  it("fails on a createdAt that is no date, or a quoted cell that never ends, and leaves no file", async () => {
    for (const [body, error] of [
      ["id,createdAt\na,2025-01-05T00:00:00Z\nb,2025-02-30T00:00:00Z\n", /2025-02-30T00:00:00Z.* is not a date-time/],
      ["id,createdAt\na,2025-01-05T00:00:00Z\nb,2025-13-01T00:00:00Z\n", /2025-13-01T00:00:00Z.* is not a date-time/],
      ['id,createdAt,note\na,2025-01-05T00:00:00Z,"open\nb,2025-01-06T00:00:00Z,x\n', /a quoted cell never ends/],
    ] as const) {
      const path = join(dirs.make(), "logs.csv");
      await expect(exportOf(body, path)).rejects.toThrow(error);
      expect(existsSync(path)).toBe(false);
    }
  });
});

describe("exportRows", () => {
  it("yields each row of [since, until) once, oldest window first", async () => {
    const server = await serve();
    const ids: string[] = [];
    for await (const row of client(server).auditLogs.exportRows(period)) ids.push(String(row.id));
    const seen = new Set<string>();
    const want = ROWS.filter((row) => row.at >= since && row.at < until && !seen.has(row.id) && seen.add(row.id));
    expect(ids).toEqual(want.map((row) => row.id));
  });
});

describe("alli audit-logs export --since", () => {
  it("exports the period to --out, and --resume goes on after a failure", async () => {
    let broken = true;
    const server = await serve((window, res, body) => {
      res.writeHead(broken && window >= 2 ? 503 : 200, { "content-type": "text/csv" });
      res.end(body);
    });
    const dir = dirs.make();
    const out = join(dir, "logs-2025.csv");
    const args = ["audit-logs", "export", "--since", "2025-01-01", "--until", period.until, "--out", out];
    const ctx = () => {
      const c = { out: "", err: "", env: { ALLI_API_KEY: "k" }, onInterrupt: () => () => {} };
      return Object.assign(c, {
        stdout: { write: (t: string) => (c.out += t) },
        stderr: { write: (t: string) => (c.err += t) },
      });
    };
    const first = ctx();
    expect(await runCli([...args, "--base-url", server.url], first)).toBe(1);
    expect(existsSync(out)).toBe(false);
    broken = false;
    const second = ctx();
    expect(await runCli([...args, "--resume", "--base-url", server.url], second)).toBe(0);
    expect(second.out).toMatch(/^Wrote .* to /);
    expect(readFileSync(out, "latin1")).toBe(expected());
    const third = ctx();
    expect(await runCli([...args, "--created-at", "2025-01-01T00:00:00Z", "--base-url", server.url], third)).toBe(2);
    expect(third.err).toMatch(/--since .* exports a period/);
  });
});
