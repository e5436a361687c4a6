/**
 * bench/audit-export: a year of audit logs exported window by window (12 downloads of at most 31 days) from a loopback
 * server, against one downloadToFile of the same rows in a single window, measured in the same run.
 *
 *   npx tsx bench/audit-export.ts [--mb 120] [--runs 7]
 *
 * The server runs in its own process and serves each window's rows from memory; each measurement runs in a fresh
 * node process on the built package (`npm run bench:audit-export` builds it first), its peak RSS its own, the two
 * alternating run by run. Prints each one's MB/s, the ratio of the
 * export to the single download (target ≥ 0.9), and their peak RSS: the export's must not grow with the period.
 * Medians over the runs, and the range of the runs' own ratios (each export against the download next to it): on a
 * 2-core machine three runs gave ratios from 0.81 to 1.06 for the same code, seven a median that held. No threshold is
 * asserted.
 */
import { fork, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const SELF = fileURLToPath(import.meta.url);
const ROOT = join(SELF, "..", "..");
const DAY = 86_400_000;
const [SINCE, UNTIL] = ["2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z"];
const SINGLE = { createdAt: "2030-01-01T00:00:00Z", beforeRange: 31 }; // the server's sign for "all rows at once"
const HEADER = "id,createdAt,agent,ip,operation,mutation,method,path,variables,query,body\r\n";
const { values } = parseArgs({
  options: { mb: { type: "string" }, runs: { type: "string" }, serve: { type: "string" } },
});

/** `megabytes` of rows spread over the year, cut by window end (createdAt) as the API would answer. */
function serve(megabytes: number): void {
  const perWindow = (megabytes * 1e6) / 12;
  const windows = new Map<number, Buffer>();
  for (let start = Date.parse(SINCE), n = 0; start < Date.parse(UNTIL); n++) {
    const end = Math.min(start + 31 * DAY, Date.parse(UNTIL));
    let text = "";
    for (let i = 0; text.length < perWindow; i++) {
      // Spread over the whole window, unordered (the golden ratio's multiples fill [0, 1) evenly).
      const at = new Date(start + Math.floor(((i * 0.618033988749895) % 1) * (end - start))).toISOString();
      text += `log_${n}_${i},${at},"{""id"": ""agent_${i % 40}"", ""email"": ""a${i % 40}@example.com""}",203.0.113.${i % 255},,,POST,/webapi/v2/apps/${i},"{""title"": ""App ${i}""}",,\r\n`;
    }
    windows.set(end, Buffer.from(text));
    start = end;
  }
  const all = Buffer.concat([Buffer.from(HEADER), ...windows.values()]);
  // Every answer made before the first request, the single one's and each window's alike: joining a window's header
  // and rows per request cost the server a copy the single answer did not, and the client waited for it.
  const answers = new Map([...windows].map(([end, rows]) => [end, Buffer.concat([Buffer.from(HEADER), rows])]));
  const server = createServer((req, res) => {
    const createdAt = new URL(req.url!, "http://x").searchParams.get("createdAt")!;
    const rows = createdAt === SINGLE.createdAt ? all : answers.get(Date.parse(createdAt))!;
    res.writeHead(200, { "content-type": "text/csv", "content-length": String(rows.length) });
    res.end(rows);
  });
  server.listen(0, "127.0.0.1", () =>
    process.send!({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, bytes: all.length }),
  );
  process.on("disconnect", () => process.exit(0));
}

/** One measurement, in a fresh plain node process on the built package (dist/): what a user runs, no tsx loader. */
const MEASURE = `
const [scenario, url, out, since, until, createdAt] = process.argv.slice(1);
const { createAlliClient } = await import(${JSON.stringify(pathToFileURL(join(ROOT, "dist", "index.js")).href)});
const { statSync } = await import("node:fs");
const alli = createAlliClient({ apiKey: "bench", baseUrl: url });
const started = performance.now();
if (scenario === "export") await alli.auditLogs.exportToFile(out, { since, until });
else await alli.auditLogs.downloadToFile(out, { query: { createdAt, beforeRange: 31 } });
const seconds = (performance.now() - started) / 1000;
const cpuSeconds = process.cpuUsage().user / 1e6; // all threads: what the run cost beyond its waiting
console.log(JSON.stringify({ seconds, cpuSeconds, bytes: statSync(out).size, maxRssMB: process.resourceUsage().maxRSS / 1024 }));`;
function measure(scenario: string, url: string, out: string): Promise<Result> {
  const args = [scenario, url, out, SINCE, UNTIL, SINGLE.createdAt];
  const child = spawn(process.execPath, ["--input-type=module", "-e", MEASURE, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  return new Promise((resolve, reject) =>
    child.on("exit", (code) =>
      code ? reject(new Error(`${scenario} exited with ${code}`)) : resolve(JSON.parse(output) as Result),
    ),
  );
}

type Result = { seconds: number; cpuSeconds: number; bytes: number; maxRssMB: number };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (values.serve) serve(Number(values.serve));
else {
  const [mb, runs] = [Number(values.mb ?? 120), Number(values.runs ?? 7)];
  const server = fork(SELF, ["--serve", String(mb)], { execArgv: ["--import", "tsx"] });
  const { url, bytes } = await new Promise<{ url: string; bytes: number }>((resolve) =>
    server.once("message", resolve as never),
  );
  const dir = mkdtempSync(join(tmpdir(), "alli-bench-export-"));
  const results: Record<string, Result[]> = { export: [], download: [] };
  try {
    for (let run = 1; run <= runs; run++) {
      for (const scenario of run % 2 ? ["download", "export"] : ["export", "download"]) {
        const result = await measure(scenario, url, join(dir, `${scenario}-${run}.csv`));
        results[scenario]!.push(result);
        console.log(
          `  run ${run} ${scenario.padEnd(8)} ${result.seconds.toFixed(2)} s (user CPU ${result.cpuSeconds.toFixed(2)} s), ${(result.bytes / 1e6).toFixed(1)} MB, peak RSS ${result.maxRssMB.toFixed(1)} MB`,
        );
      }
    }
  } finally {
    server.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
  const rate = (scenario: string) => median(results[scenario]!.map((r) => r.bytes / 1e6 / r.seconds));
  const rss = (scenario: string) => median(results[scenario]!.map((r) => r.maxRssMB));
  console.log(`audit-export: ${(bytes / 1e6).toFixed(1)} MB of rows over a year (12 windows), ${runs} runs, medians`);
  const paired = results.export!.map((result, run) => results.download![run]!.seconds / result.seconds);
  console.log(
    `exportToFile (12 windows)   ${rate("export").toFixed(1)} MB/s   downloadToFile (1 window) ${rate("download").toFixed(1)} MB/s   ratio ${(rate("export") / rate("download")).toFixed(2)} (target ≥ 0.9; runs ${Math.min(...paired).toFixed(2)}–${Math.max(...paired).toFixed(2)})`,
  );
  console.log(
    `peak RSS exportToFile       ${rss("export").toFixed(1)} MB   downloadToFile ${rss("download").toFixed(1)} MB   ratio ${(rss("export") / rss("download")).toFixed(2)}`,
  );
}
