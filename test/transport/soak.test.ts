/**
 * A soak of faulty calls: 1,600 GETs at concurrency 40 against a loopback server that answers
 * each request, by a seeded random draw, with a 200, a 429, a 503, a reset connection or a body
 * that stalls after its first bytes, while a ticker forces garbage collection. Every call must
 * settle with data or with one of the SDK's errors, none may send more than maxRetries + 1
 * requests, nothing may be left unhandled, and once the server's keep-alive timeout has passed
 * the client must hold no connection open.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { AlliError, createAlliClient } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const CALLS = 1_600;
const CONCURRENCY = 40;
const MAX_RETRIES = 2;

/** mulberry32: the same answers on every run. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let server: ScriptedServer;
const random = seeded(20261201);
const requestsPerCall = new Map<string, number>();

beforeAll(async () => {
  server = await startServer((req, res) => {
    const call = String(req.headers["x-soak-call"]);
    requestsPerCall.set(call, (requestsPerCall.get(call) ?? 0) + 1);
    const draw = random();
    if (draw < 0.5) {
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ id: call, name: "soak" }));
    }
    if (draw < 0.65)
      return void res
        .writeHead(429, { "retry-after": "0", "content-type": "application/json" })
        .end('{"message":"slow down"}');
    if (draw < 0.8) return void res.writeHead(503, { "retry-after": "0" }).end();
    if (draw < 0.92) return void req.socket.destroy();
    // A body that starts and never ends: the client's timeout must close it.
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"id":');
    return new Promise(() => {});
  });
  server.server.keepAliveTimeout = 300;
});
afterAll(() => server.close());

it(`${CALLS} faulty calls at concurrency ${CONCURRENCY} all settle, within their retries, leaving nothing open`, async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  const ticker = setInterval(gc, 50);
  const alli = createAlliClient({ apiKey: "soak-key", baseUrl: server.url, maxRetries: MAX_RETRIES, timeout: 1_000 });
  const outcomes = { data: 0, errors: 0, foreign: [] as unknown[] };
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CALLS) {
          const call = String(next++);
          try {
            const { data } = await alli.GET("/webapi/v2/apps/{app_id}", {
              params: { path: { app_id: "a" } },
              headers: { "x-soak-call": call },
            });
            expect(data.id).toBe(call);
            outcomes.data++;
          } catch (error) {
            if (AlliError.is(error)) outcomes.errors++;
            else outcomes.foreign.push(error);
          }
        }
      }),
    );
  } finally {
    clearInterval(ticker);
    process.off("unhandledRejection", onUnhandled);
  }
  expect(outcomes.data + outcomes.errors).toBe(CALLS);
  expect(outcomes.foreign).toEqual([]);
  expect(outcomes.data).toBeGreaterThan(CALLS / 2);
  expect(outcomes.errors).toBeGreaterThan(0);
  expect(requestsPerCall.size).toBe(CALLS);
  expect(Math.max(...requestsPerCall.values())).toBeLessThanOrEqual(MAX_RETRIES + 1);
  expect(unhandled).toEqual([]);
  // Stalled bodies were cut by the client; idle keep-alive connections close at the server's timeout.
  await expect.poll(() => server.openSockets(), { timeout: 5_000, interval: 100 }).toBe(0);
}, 120_000);
