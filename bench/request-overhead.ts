/**
 * bench/request-overhead: what one plain typed GET costs through the SDK, against what it wraps.
 *
 * A loopback server in its own process (bench/helpers/loopback-app-server.mjs) answers
 * GET /webapi/v2/apps/{app_id} with a small JSON body. Four clients send the same request, in
 * alternating rounds (each round runs every client once, starting with a different one each time,
 * so drift of the machine weighs on all of them alike), at concurrency 1 and 32:
 *   - `undici.request` on its own `Agent`, reading the body as JSON (THE baseline, = 1.00);
 *   - openapi-fetch on the global fetch (a second reference);
 *   - the SDK's path map, `alli.GET(path, { params })`;
 *   - the SDK's method, `alli.getApp("app_1")`.
 * The SDK runs with default options (retries, redirects, answer checks, redaction on). It sends
 * with node:http until it has loaded undici in the background after its first answer, so every
 * client is warmed up (connections, JIT) and the run pauses before measuring; the script then
 * checks, through undici's diagnostics channel, that the SDK's requests go through undici.
 * Per client: requests per second (best of RUNS rounds of REQUESTS requests) as a ratio to
 * undici.request and to openapi-fetch, and CPU time per request (process.cpuUsage, user + system,
 * over a round divided by its requests; the lowest of the rounds) as a ratio to undici.request's.
 * The server answers on one core: where it is the limit (concurrency 32 on a small machine),
 * requests per second come out alike and CPU time per request is what tells the clients apart.
 *
 * Live heap per in-flight call: INFLIGHT calls are started at once against GET
 * /webapi/v2/apps/parked, which the server holds open until told to answer; once they have all
 * reached the server, a forced GC, and the heap used above where it stood (after a GC) before they
 * were started, divided by INFLIGHT, is what one waiting call keeps alive (its promise, request,
 * socket and timers; the socket's kernel buffers are not heap). For undici.request, the SDK's path
 * map and its method; the least of RUNS rounds, as bytes per call and as a ratio to undici.request.
 * Nothing is asserted.
 *
 *   npx tsx bench/request-overhead.ts [requests] [runs] [inflight]
 *   REQUESTS=4000 RUNS=5 INFLIGHT=2000 npm run bench:request-overhead
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { setTimeout as sleep } from "node:timers/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import createClient from "openapi-fetch";
import { Agent, request as undiciRequest } from "undici";
import type { paths } from "../generated/schema.js";
import { createAlliClient } from "../src/index.js";
import { startAppServer } from "./helpers/app-server.js";
import { setting } from "./helpers/setting.js";

const REQUESTS = setting(0, "REQUESTS", 4000, 1);
const RUNS = setting(1, "RUNS", 5, 1);
const INFLIGHT = setting(2, "INFLIGHT", 2000, 1);
const CONCURRENCIES = [1, 32];

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const server = await startAppServer();
const { baseUrl } = server;
const path = "/webapi/v2/apps/{app_id}" as const;
const headers = { "API-KEY": "bench-key" };

const openapi = createClient<paths>({ baseUrl, headers });
const alli = createAlliClient({ apiKey: "bench-key", baseUrl });
const pool = new Agent();

type Send = (appId: string) => Promise<unknown>;
const clients: Record<string, Send> = {
  "undici.request": async (appId) => {
    const { statusCode, body } = await undiciRequest(`${baseUrl}/webapi/v2/apps/${appId}`, {
      headers,
      dispatcher: pool,
    });
    const app = (await body.json()) as { id?: string };
    if (statusCode !== 200 || !app.id) throw new Error("undici.request failed");
  },
  "openapi-fetch": async (appId) => {
    const { data, error } = await openapi.GET(path, { params: { path: { app_id: appId } } });
    if (error || !data?.id) throw new Error("openapi-fetch failed");
  },
  "alli.GET": async (appId) => {
    const { data } = await alli.GET(path, { params: { path: { app_id: appId } } });
    if (!data.id) throw new Error("alli.GET failed");
  },
  "alli.getApp": async (appId) => {
    const app = await alli.getApp(appId);
    if (!app.id) throw new Error("alli.getApp failed");
  },
};
const names = Object.keys(clients);
/** The clients in round `run`'s order: each round starts with the next one. */
const rotated = <T>(list: T[], run: number) => list.map((_, i) => list[(i + run) % list.length]!);

/** Requests per second and CPU microseconds per request, for REQUESTS requests, `concurrency` at a time. */
async function round(send: Send, concurrency: number): Promise<{ perSecond: number; cpuMicros: number }> {
  let left = REQUESTS;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await send("app_1");
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { perSecond: REQUESTS / seconds, cpuMicros: (used.user + used.system) / REQUESTS };
}

/** Whether the SDK's next request goes through undici (it publishes `undici:request:create`). */
async function sdkSendsWithUndici(): Promise<boolean> {
  let seen = false;
  const onCreate = () => (seen = true);
  subscribe("undici:request:create", onCreate);
  try {
    await clients["alli.getApp"]!("app_1");
  } finally {
    unsubscribe("undici:request:create", onCreate);
  }
  return seen;
}

/** Live heap per call while INFLIGHT calls wait for their answers; `reached` is how many the server held. */
async function heapPerCall(send: Send): Promise<{ bytes: number; reached: number }> {
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const calls = Array.from({ length: INFLIGHT }, () => send("parked"));
  // Wait until every call is held by the server, or the count stops growing (a client that queued some).
  let reached = 0;
  for (let still = 0, deadline = Date.now() + 30_000; reached < INFLIGHT && still < 10 && Date.now() < deadline;) {
    await sleep(50);
    const now = Number(await server.command("count"));
    still = now === reached ? still + 1 : 0;
    reached = now;
  }
  gc();
  gc();
  const bytes = (process.memoryUsage().heapUsed - before) / INFLIGHT;
  await server.command("release");
  await Promise.all(calls);
  await sleep(200); // the answered connections close
  return { bytes, reached };
}

const pad = (text: string, width: number) => text.padStart(width);
const x = (ratio: number) => `${ratio.toFixed(2)}x`;

try {
  // Warm up: connections, JIT, and the SDK's switch from node:http to undici after its first answer.
  for (let i = 0; i < 3; i++) for (const send of Object.values(clients)) await round(send, 8);
  await sleep(500);
  for (const send of Object.values(clients)) await round(send, 8);
  const undiciLoaded = await sdkSendsWithUndici();

  console.log(
    `request-overhead: ${REQUESTS} GETs per round, best of ${RUNS} alternating rounds, loopback server in its own process`,
  );
  console.log(
    `the SDK's transport after warm-up: ${undiciLoaded ? "undici" : "NOT undici (still node:http; the figures below are for node:http)"}`,
  );
  for (const concurrency of CONCURRENCIES) {
    const best: Record<string, { perSecond: number; cpuMicros: number }> = {};
    for (let run = 0; run < RUNS; run++) {
      for (const name of rotated(names, run)) {
        const { perSecond, cpuMicros } = await round(clients[name]!, concurrency);
        const soFar = best[name] ?? { perSecond: 0, cpuMicros: Infinity };
        best[name] = {
          perSecond: Math.max(soFar.perSecond, perSecond),
          cpuMicros: Math.min(soFar.cpuMicros, cpuMicros),
        };
      }
    }
    const undici = best["undici.request"]!;
    const reference = best["openapi-fetch"]!;
    console.log(`\nconcurrency ${concurrency}`);
    console.log(
      `  ${"client".padEnd(15)} ${pad("req/s", 7)} ${pad("vs undici", 10)} ${pad("vs openapi-fetch", 17)} ${pad("CPU µs/req", 11)} ${pad("vs undici", 10)}`,
    );
    for (const name of names) {
      const { perSecond, cpuMicros } = best[name]!;
      console.log(
        `  ${name.padEnd(15)} ${pad(perSecond.toFixed(0), 7)} ${pad(x(perSecond / undici.perSecond), 10)} ${pad(x(perSecond / reference.perSecond), 17)} ${pad(cpuMicros.toFixed(1), 11)} ${pad(x(cpuMicros / undici.cpuMicros), 10)}`,
      );
    }
  }

  const measured = ["undici.request", "alli.GET", "alli.getApp"];
  const heap: Record<string, { bytes: number; reached: number }> = {};
  for (let run = 0; run < RUNS; run++) {
    for (const name of rotated(measured, run)) {
      const result = await heapPerCall(clients[name]!);
      if (!heap[name] || result.bytes < heap[name].bytes) heap[name] = result;
    }
  }
  const floor = heap["undici.request"]!.bytes;
  console.log(
    `\nlive heap per in-flight call: ${INFLIGHT} calls held open by the server, after a forced GC, least of ${RUNS} rounds`,
  );
  for (const name of measured) {
    const { bytes, reached } = heap[name]!;
    const held =
      reached === INFLIGHT ? "" : `   (only ${reached} of ${INFLIGHT} reached the server; the rest were queued)`;
    console.log(
      `  ${name.padEnd(15)} ${pad(bytes.toFixed(0), 7)} bytes/call   ${pad(x(bytes / floor), 6)} undici.request${held}`,
    );
  }
} finally {
  server.close();
  await pool.close();
}
