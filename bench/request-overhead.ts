/**
 * bench/request-overhead: what one plain typed GET costs through the SDK, against what it wraps.
 *
 * A loopback server in its own process answers GET /webapi/v2/apps/{app_id} with a small JSON
 * body. Four clients send the same request, in alternating rounds (so drift of the machine weighs
 * on all of them alike), at concurrency 1 and 32:
 *   - openapi-fetch on the global fetch (the baseline, = 1.00);
 *   - the SDK with default options (retries on, timeout armed, its undici pool);
 *   - raw `fetch` with the same URL and headers, and `undici.request` alone (the floor here).
 * Each figure is the best of RUNS rounds of REQUESTS requests, as requests per second and as a
 * ratio to the baseline of the same run. Nothing is asserted.
 *
 *   npx tsx bench/request-overhead.ts [requests] [runs]
 *   REQUESTS=4000 RUNS=5 npx tsx bench/request-overhead.ts
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import createClient from "openapi-fetch";
import { Agent, request as undiciRequest } from "undici";
import type { paths } from "../generated/schema.js";
import { setting } from "./helpers/setting.js";
import { createAlliClient } from "../src/index.js";

const REQUESTS = setting(0, "REQUESTS", 4000, 1);
const RUNS = setting(1, "RUNS", 5, 1);
const CONCURRENCIES = [1, 32];

const serverProcess = spawn(process.execPath, [fileURLToPath(new URL("./helpers/loopback-app-server.mjs", import.meta.url))], { stdio: ["ignore", "pipe", "inherit"] });
const [portLine] = (await once(serverProcess.stdout!, "data")) as [Buffer];
const baseUrl = `http://127.0.0.1:${Number(portLine.toString().trim())}`;
const path = "/webapi/v2/apps/{app_id}" as const;
const url = `${baseUrl}/webapi/v2/apps/app_1`;
const headers = { "API-KEY": "bench-key" };

const openapi = createClient<paths>({ baseUrl, headers });
const alli = createAlliClient({ apiKey: "bench-key", baseUrl });
const pool = new Agent();

type Send = () => Promise<unknown>;
const clients: Record<string, Send> = {
  "openapi-fetch": async () => {
    const { data, error } = await openapi.GET(path, { params: { path: { app_id: "app_1" } } });
    if (error || !data) throw new Error("openapi-fetch failed");
  },
  "alli-sdk": async () => {
    const { data } = await alli.GET(path, { params: { path: { app_id: "app_1" } } });
    if (!data.id) throw new Error("SDK failed");
  },
  // The same call through the generated method: what the method layer (APIPromise, params split) costs.
  "alli-sdk method": async () => {
    const app = await alli.getApp("app_1");
    if (!app.id) throw new Error("SDK method failed");
  },
  "fetch": async () => {
    const response = await fetch(url, { headers });
    if (!(await response.json())) throw new Error("fetch failed");
  },
  "undici.request": async () => {
    const { body } = await undiciRequest(url, { headers, dispatcher: pool });
    if (!(await body.json())) throw new Error("undici failed");
  },
};

/** Requests per second for REQUESTS requests, `concurrency` at a time. */
async function rate(send: Send, concurrency: number): Promise<number> {
  let left = REQUESTS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await send();
    }),
  );
  return REQUESTS / ((performance.now() - started) / 1000);
}

try {
  for (const send of Object.values(clients)) await rate(send, 8); // warm up: connections, JIT
  console.log(`request-overhead: ${REQUESTS} GETs per round, best of ${RUNS} alternating rounds, loopback server in its own process`);
  for (const concurrency of CONCURRENCIES) {
    const best: Record<string, number> = {};
    for (let run = 0; run < RUNS; run++) {
      for (const [name, send] of Object.entries(clients)) best[name] = Math.max(best[name] ?? 0, await rate(send, concurrency));
    }
    const baseline = best["openapi-fetch"]!;
    console.log(`\nconcurrency ${concurrency}`);
    for (const [name, perSecond] of Object.entries(best)) {
      console.log(`  ${name.padEnd(15)} ${perSecond.toFixed(0).padStart(7)} req/s   ${(perSecond / baseline).toFixed(2)}x openapi-fetch`);
    }
  }
} finally {
  serverProcess.kill();
  await pool.close();
}
