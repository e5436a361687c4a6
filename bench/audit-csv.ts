/**
 * bench/audit-csv: the audit-log CSV download, SDK against plain code over the same bytes.
 *
 *   npx tsx bench/audit-csv.ts [--mb 200] [--runs 2]      (or BENCH_MB / BENCH_RUNS)
 *
 * About 70 s on a quiet 2-core machine at the defaults; --mb 50 takes a quarter of that.
 *
 * A loopback server (its own process) serves an N MB CSV with Content-Length: the spec example's
 * columns, or, when asked with `params=body`, those plus a JSON `body` column. Each measurement
 * runs in a fresh plain `node` process (the sources are transpiled first: tsx's loader thread
 * alone costs ~50 MB of RSS), so that its peak RSS is its own; the scenarios alternate run by run:
 * - downloadToFile MB/s, as a ratio to fetch → pipeline → file write stream   (target ≥ 0.9)
 * - rows() rows/s, as a ratio to fetch → csv-parse ({ columns, bom }) alone   (target ≥ 0.9),
 *   for both CSV shapes (rows() also converts createdAt to a Date and body to an object); also
 *   per CPU-second of the reading process, which other load on the machine disturbs less
 * - peak RSS of each against its baseline's, and against an idle process that only loaded the
 *   SDK and sent one request (the floor of Node + undici)                      (target < 100 MB)
 * Medians over the runs are printed (the mean of the middle two for an even count); no threshold
 * is asserted.
 */
import { spawn } from "node:child_process";
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const SELF = fileURLToPath(import.meta.url);
const ROOT = join(dirname(SELF), "..");
const PATH = "/webapi/v2/audit/logs/download";
const SCENARIOS = [
  "fetch-file",
  "sdk-file",
  "csv-parse",
  "sdk-rows",
  "csv-parse+body",
  "sdk-rows+body",
  "idle",
] as const;
type Scenario = (typeof SCENARIOS)[number];

interface Measurement {
  seconds: number;
  /** CPU time of the measuring process: steadier than wall time when other work shares the cores. */
  cpuSeconds: number;
  bytes: number;
  rows: number;
  maxRssMB: number;
}

/** A block of rows like the spec's example (a quoted operation with commas and quotes), optionally with a JSON body. */
function csvBlock(rows: number, withBody: boolean): Buffer {
  let text = "";
  for (let i = 0; i < rows; i++) {
    const created = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
    const op = i % 3 ? `"updateApp, ""title"""` : "";
    const body = JSON.stringify({
      title: `App "${i}", ナレッジ`,
      settings: { retries: i % 5, tags: ["a", "b"] },
    }).replaceAll('"', '""');
    text += `log_${i},${created},agent${i % 40}@example.com,203.0.113.${i % 255},POST,/webapi/v2/apps/${i},${op}${withBody ? `,"${body}"` : ""}\r\n`;
  }
  return Buffer.from(text);
}

async function serve(megabytes: number): Promise<void> {
  const shapes = [false, true].map((withBody) => {
    const header = Buffer.from(`\ufeffid,createdAt,agentEmail,ip,method,path,operation${withBody ? ",body" : ""}\r\n`);
    const block = csvBlock(5_000, withBody);
    const blocks = Math.max(1, Math.round((megabytes * 1024 * 1024) / block.length));
    return { header, block, blocks, length: header.length + blocks * block.length };
  });
  const server = createServer(async (req, res) => {
    const { header, block, blocks, length } =
      shapes[new URL(req.url!, "http://x").searchParams.getAll("params").includes("body") ? 1 : 0]!;
    res.writeHead(200, { "content-type": "text/csv", "content-length": String(length) });
    res.write(header);
    for (let i = 0; i < blocks && !res.destroyed; i++) {
      if (!res.write(block)) await new Promise((resolve) => res.once("drain", resolve));
    }
    res.end();
    req.resume();
  });
  server.listen(0, "127.0.0.1", () =>
    console.log(JSON.stringify({ port: (server.address() as { port: number }).port, length: shapes[0]!.length })),
  );
  process.on("disconnect", () => process.exit(0));
}

async function measure(scenario: Scenario, url: string, dir: string): Promise<Measurement> {
  const out = join(dir, `${scenario}.csv`);
  const withBody = scenario.endsWith("+body");
  const query = withBody ? "?params=body" : "";
  const started = performance.now();
  const cpu = process.cpuUsage();
  let bytes = 0;
  let rows = 0;
  if (scenario === "fetch-file") {
    const response = await fetch(url + PATH, { headers: { "API-KEY": "bench", Accept: "text/csv" } });
    const counted = Readable.fromWeb(response.body as unknown as NodeWebReadableStream<Uint8Array>);
    counted.on("data", (chunk: Buffer) => (bytes += chunk.length));
    await pipeline(counted, createWriteStream(out));
  } else if (scenario.startsWith("csv-parse")) {
    const { parse } = await import("csv-parse");
    const response = await fetch(url + PATH + query, { headers: { "API-KEY": "bench", Accept: "text/csv" } });
    const parser = Readable.fromWeb(response.body as unknown as NodeWebReadableStream<Uint8Array>).pipe(
      parse({ columns: true, bom: true }),
    );
    for await (const _ of parser) rows++;
  } else {
    const { createAlliClient } = await import("../src/client.js");
    const alli = createAlliClient({ apiKey: "bench", baseUrl: url });
    if (scenario === "sdk-file") bytes = (await alli.auditLogs.downloadToFile(out)).bytes;
    else if (scenario.startsWith("sdk-rows"))
      for await (const _ of alli.auditLogs.rows({ query: withBody ? { params: ["body"] } : {} })) rows++;
    else await (await alli.auditLogs.download()).body.cancel(); // idle: the SDK and fetch loaded, no body read
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  rmSync(out, { force: true });
  return {
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    bytes,
    rows,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

/** Transpiles src/, generated/ and this script to plain ESM in a temporary directory; returns this script's copy. */
async function transpile(outDir: string): Promise<string> {
  const ts = (await import("typescript")).default;
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
    );
  for (const file of [...walk(join(ROOT, "src")), ...walk(join(ROOT, "generated")), SELF]) {
    const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    const target = join(outDir, relative(ROOT, file)).replace(/\.ts$/, ".js");
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  writeFileSync(join(outDir, "package.json"), '{ "type": "module" }');
  symlinkSync(join(ROOT, "node_modules"), join(outDir, "node_modules"), "dir");
  return join(outDir, relative(ROOT, SELF)).replace(/\.ts$/, ".js");
}

let script = SELF;

function runChild(args: string[]): Promise<string> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  return new Promise((resolve, reject) =>
    child.on("close", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${args.join(" ")} exited with ${code}`)),
    ),
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
const fixed = (n: number, digits = 1) => n.toFixed(digits);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mb: { type: "string" },
      runs: { type: "string" },
      serve: { type: "string" },
      scenario: { type: "string" },
      url: { type: "string" },
      dir: { type: "string" },
    },
  });
  if (values.serve) return serve(Number(values.serve));
  if (values.scenario) {
    console.log(JSON.stringify(await measure(values.scenario as Scenario, values.url!, values.dir!)));
    return;
  }
  const megabytes = Number(values.mb ?? process.env.BENCH_MB ?? 200);
  const runs = Number(values.runs ?? process.env.BENCH_RUNS ?? 2);

  const build = mkdtempSync(join(tmpdir(), "alli-bench-js-"));
  const dir = mkdtempSync(join(tmpdir(), "alli-bench-"));
  script = await transpile(build);
  const server = spawn(process.execPath, [script, "--serve", String(megabytes)], {
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  const results = Object.fromEntries(SCENARIOS.map((s) => [s, [] as Measurement[]])) as Record<Scenario, Measurement[]>;
  let length = 0;
  try {
    const ready = await new Promise<{ port: number; length: number }>((resolve) =>
      server.stdout!.once("data", (line) => resolve(JSON.parse(String(line)))),
    );
    length = ready.length;
    const url = `http://127.0.0.1:${ready.port}`;
    console.log(
      `audit-csv: ${fixed(length / 1024 / 1024)} MiB CSV from a loopback server, ${runs} runs, medians (node ${process.version})`,
    );
    for (let run = 0; run < runs; run++) {
      for (const scenario of SCENARIOS) {
        const result: Measurement = JSON.parse(await runChild(["--scenario", scenario, "--url", url, "--dir", dir]));
        results[scenario].push(result);
        process.stderr.write(
          `  run ${run + 1} ${scenario.padEnd(15)} ${fixed(result.seconds, 2)} s, peak RSS ${fixed(result.maxRssMB)} MB\n`,
        );
      }
    }
  } finally {
    server.disconnect();
    server.kill();
    rmSync(dir, { recursive: true, force: true });
    rmSync(build, { recursive: true, force: true });
  }
  const mbps = (s: Scenario) => median(results[s].map((r) => length / 1e6 / r.seconds));
  const rowsps = (s: Scenario) => median(results[s].map((r) => r.rows / r.seconds));
  const rowsPerCpu = (s: Scenario) => median(results[s].map((r) => r.rows / r.cpuSeconds));
  const rss = (s: Scenario) => median(results[s].map((r) => r.maxRssMB));
  for (const [sdk, baseline] of [
    ["sdk-rows", "csv-parse"],
    ["sdk-rows+body", "csv-parse+body"],
  ] as const) {
    if (results[sdk][0]!.rows !== results[baseline][0]!.rows)
      throw new Error(`${sdk} read ${results[sdk][0]!.rows} rows, ${baseline} ${results[baseline][0]!.rows}`);
  }
  const rowsLine = (sdk: Scenario, baseline: Scenario, label: string) =>
    `rows() ${label.padEnd(22)} ${fixed(rowsps(sdk) / 1000)}k rows/s   csv-parse alone ${fixed(rowsps(baseline) / 1000)}k rows/s   ratio ${fixed(rowsps(sdk) / rowsps(baseline), 2)} (target ≥ 0.9; per CPU-second ${fixed(rowsPerCpu(sdk) / rowsPerCpu(baseline), 2)}; ${results[sdk][0]!.rows} rows)`;
  console.log(
    `downloadToFile                ${fixed(mbps("sdk-file"))} MB/s   fetch→file ${fixed(mbps("fetch-file"))} MB/s   ratio ${fixed(mbps("sdk-file") / mbps("fetch-file"), 2)} (target ≥ 0.9)`,
  );
  console.log(rowsLine("sdk-rows", "csv-parse", "(example's columns)"));
  console.log(rowsLine("sdk-rows+body", "csv-parse+body", "(+ JSON body column)"));
  const rssLine = (sdk: Scenario, baseline: Scenario, label: string) =>
    `peak RSS ${label.padEnd(20)} ${fixed(rss(sdk))} MB   ${baseline} ${fixed(rss(baseline))} MB   ratio ${fixed(rss(sdk) / rss(baseline), 2)}   idle ${fixed(rss("idle"))} MB + ${fixed(rss(sdk) - rss("idle"))} MB`;
  console.log(rssLine("sdk-file", "fetch-file", "downloadToFile"));
  console.log(rssLine("sdk-rows", "csv-parse", "rows()"));
  console.log(rssLine("sdk-rows+body", "csv-parse+body", "rows() + body"));
}

await main();
