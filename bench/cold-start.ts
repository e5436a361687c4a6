/**
 * bench/cold-start: what the SDK costs a Node.js program that starts, against openapi-fetch.
 *
 * Every figure comes from a fresh Node process importing the packages by their bare names, as a
 * user's program does: `alli-sdk` is the built package (dist/, through its "exports" map: from the
 * repo root a script resolves its own package by name, which is checked first; failing that, from
 * a temporary directory whose node_modules links both packages), `openapi-fetch` is the installed
 * dependency. Timed inside the process (performance.now), so Node's own start-up is left out:
 *   (a) import: `await import(name)`;
 *   (b) import to first answer: import the package, create a client, send one GET to a loopback
 *       server (bench/helpers/loopback-app-server.mjs, started once in its own process) and await
 *       the parsed body: `createAlliClient({ apiKey, baseUrl }).getApp("app_1")` against
 *       openapi-fetch's `createClient({ baseUrl }).GET("/webapi/v2/apps/{app_id}", …)` on the
 *       global fetch (whose first call loads Node's bundled undici, as it would in the program).
 * RUNS pairs of runs (the two alternate which goes first), after one untimed run of each: the
 * medians (with the middle half of the runs), their ratio, and the median of the ratios within
 * pairs. NODE_OPTIONS is cleared for the child processes. Nothing is asserted.
 *
 *   npm run bench:cold-start            (builds, then runs this)
 *   npx tsx bench/cold-start.ts [runs]  (needs `npm run build` first)
 *   RUNS=31 npx tsx bench/cold-start.ts
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startAppServer } from "./helpers/app-server.js";
import { setting } from "./helpers/setting.js";

const ROOT = join(import.meta.dirname, "..");
const RUNS = setting(0, "RUNS", 21, 1);
const SDK = "alli-sdk";
const BASELINE = "openapi-fetch";
const env = { ...process.env, NODE_OPTIONS: "" };

if (!existsSync(join(ROOT, "dist", "index.js"))) {
  console.error(
    "bench/cold-start: dist/index.js is missing; run `npm run build` first (or `npm run bench:cold-start`)",
  );
  process.exit(1);
}

/** Runs an ES module snippet in a fresh Node process with `cwd`, and returns what it prints. */
function run(cwd: string, script: string): string {
  return execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd, env, encoding: "utf8" }).trim();
}

/** Where each name resolves from `cwd`, or undefined when it does not. */
function resolved(cwd: string, name: string): string | undefined {
  try {
    return fileURLToPath(run(cwd, `console.log(import.meta.resolve(${JSON.stringify(name)}))`));
  } catch {
    return undefined;
  }
}

// Resolve `alli-sdk` by name: from the repo root (self-reference), else from a scratch directory.
const wanted = join(ROOT, "dist", "index.js");
let cwd = ROOT;
let scratch: string | undefined;
let how = "self-reference from the repo root";
if (resolved(ROOT, SDK) !== wanted) {
  scratch = mkdtempSync(join(tmpdir(), "alli-bench-cold-start-"));
  mkdirSync(join(scratch, "node_modules"));
  symlinkSync(ROOT, join(scratch, "node_modules", SDK), "dir");
  symlinkSync(join(ROOT, "node_modules", BASELINE), join(scratch, "node_modules", BASELINE), "dir");
  cwd = scratch;
  how = `${join(scratch, "node_modules", SDK)} → the repo (self-reference did not resolve)`;
  const there = resolved(cwd, SDK);
  if (!there?.endsWith(join("dist", "index.js")))
    throw new Error(`${SDK} does not resolve to dist/index.js (got ${there})`);
}

const server = await startAppServer();
const { baseUrl } = server;

/** Milliseconds the snippet printed, after checking it printed a number. */
function timed(script: string): number {
  const out = run(cwd, script);
  const ms = Number(out);
  if (!Number.isFinite(ms)) throw new Error(`expected a time in ms, got: ${out}`);
  return ms;
}

// Each snippet prints the milliseconds it measured, then exits (the SDK and fetch keep idle sockets).
const importOnly = (name: string) =>
  `const t = performance.now(); await import(${JSON.stringify(name)}); console.log(performance.now() - t); process.exit(0);`;

const firstAnswer: Record<string, string> = {
  [SDK]: `
    const t = performance.now();
    const { createAlliClient } = await import(${JSON.stringify(SDK)});
    const alli = createAlliClient({ apiKey: "bench-key", baseUrl: ${JSON.stringify(baseUrl)} });
    const app = await alli.getApp("app_1");
    const ms = performance.now() - t;
    if (app.id !== "app_1") throw new Error("unexpected answer: " + JSON.stringify(app));
    console.log(ms);
    process.exit(0);`,
  [BASELINE]: `
    const t = performance.now();
    const { default: createClient } = await import(${JSON.stringify(BASELINE)});
    const client = createClient({ baseUrl: ${JSON.stringify(baseUrl)}, headers: { "API-KEY": "bench-key" } });
    const { data, error } = await client.GET("/webapi/v2/apps/{app_id}", { params: { path: { app_id: "app_1" } } });
    const ms = performance.now() - t;
    if (error || data?.id !== "app_1") throw new Error("unexpected answer: " + JSON.stringify(error ?? data));
    console.log(ms);
    process.exit(0);`,
};

/** The value at quantile `q` (0.5: the median), interpolated between the two nearest. */
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low]! + (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!) * (at - low);
};
const spread = (values: number[]) => ({
  median: quantile(values, 0.5),
  q1: quantile(values, 0.25),
  q3: quantile(values, 0.75),
});

/** RUNS pairs, alternating which goes first; the medians (and quartiles), and the ratios within pairs. */
function paired(script: (name: string) => string) {
  timed(script(BASELINE));
  timed(script(SDK));
  const times: Record<string, number[]> = { [SDK]: [], [BASELINE]: [] };
  const ratios: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 === 0 ? [BASELINE, SDK] : [SDK, BASELINE];
    const pair: Record<string, number> = {};
    for (const name of order) pair[name] = timed(script(name));
    times[SDK]!.push(pair[SDK]!);
    times[BASELINE]!.push(pair[BASELINE]!);
    ratios.push(pair[SDK]! / pair[BASELINE]!);
  }
  return { sdk: spread(times[SDK]!), baseline: spread(times[BASELINE]!), ratio: spread(ratios) };
}

function report(title: string, { sdk, baseline, ratio }: ReturnType<typeof paired>) {
  const ms = (s: ReturnType<typeof spread>) =>
    `${s.median.toFixed(2).padStart(8)} ms (middle half ${s.q1.toFixed(1)}–${s.q3.toFixed(1)})`;
  console.log(`\n${title}`);
  console.log(`  ${BASELINE.padEnd(14)} ${ms(baseline).padEnd(40)} 1.00x`);
  console.log(`  ${SDK.padEnd(14)} ${ms(sdk).padEnd(40)} ${(sdk.median / baseline.median).toFixed(2)}x`);
  console.log(
    `  within pairs, ${SDK} / ${BASELINE}: median ${ratio.median.toFixed(2)}x (middle half ${ratio.q1.toFixed(2)}x–${ratio.q3.toFixed(2)}x)`,
  );
}

try {
  console.log(
    `cold-start: fresh Node ${process.version} processes, median of ${RUNS} paired runs, timed inside each process`,
  );
  console.log(`  ${SDK} → ${resolved(cwd, SDK)} (${how})`);
  console.log(`  ${BASELINE} → ${resolved(cwd, BASELINE)}`);
  report("(a) import", paired(importOnly));
  report(
    "(b) import → client → first GET answered and parsed (loopback server in its own process)",
    paired((name) => firstAnswer[name]!),
  );
} finally {
  server.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
