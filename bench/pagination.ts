/**
 * bench/pagination: the cost of alli.paginate against a hand-written openapi-fetch loop, and what
 * look-ahead saves when the caller does work between pages.
 *
 * A loopback server pages /webapi/v2/apps (cursor style) with a fixed latency per page; each of
 * the three walks consumes every item and spends WORK_MS per page (an await, like a database write):
 *   1. baseline: a hand-written loop over openapi-fetch's `createClient` (no SDK);
 *   2. `for await` over alli.paginate;
 *   3. the same with `{ lookAhead: true }`.
 * Each figure is the median of RUNS rounds (the three walks interleaved), printed with its ratio
 * to the baseline of the same run. Nothing is asserted.
 *
 *   npx tsx bench/pagination.ts [pages] [pageSize] [latencyMs] [workMs] [runs]
 *   PAGES=50 PAGE_SIZE=100 LATENCY_MS=20 WORK_MS=20 RUNS=5 npx tsx bench/pagination.ts
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import createClient from "openapi-fetch";
import type { components, paths } from "../generated/schema.js";
import { createAlliClient } from "../src/index.js";
import { setting } from "./helpers/setting.js";

const PAGES = setting(0, "PAGES", 50);
const PAGE_SIZE = setting(1, "PAGE_SIZE", 100);
const LATENCY_MS = setting(2, "LATENCY_MS", 20);
const WORK_MS = setting(3, "WORK_MS", 20);
const RUNS = Math.max(1, setting(4, "RUNS", 5));
const TOTAL = PAGES * PAGE_SIZE;

const app = (i: number): components["schemas"]["App"] => ({
  id: `app-${i}`,
  name: `App ${i}`,
  description: `The app numbered ${i}, with a description of a realistic length for a list page.`,
  type: "chat",
  category: "general",
  published: i % 2 === 0,
  agentPermission: { viewAccessToAgent: true, accessAgents: null, accessPermissionGroups: null },
  userPermission: { viewAccessToUser: true, customerGroups: null, ownUserIds: null },
});

// Bodies are built once, so the server's own work does not weigh on any walk.
const bodies = Array.from({ length: PAGES }, (_, page) =>
  JSON.stringify({
    apps: Array.from({ length: PAGE_SIZE }, (_, i) => app(page * PAGE_SIZE + i)),
    cursor: page + 1 < PAGES ? `page-${page + 1}` : null,
  }),
);

const server = createServer((req, res) => {
  const cursor = new URL(req.url ?? "/", "http://bench").searchParams.get("cursor");
  const page = cursor ? Number(cursor.slice("page-".length)) : 0;
  setTimeout(() => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(bodies[page]);
  }, LATENCY_MS);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** The caller's side of every walk: look at each item, and spend WORK_MS once per page. */
function consumer() {
  let seen = 0;
  let checksum = 0;
  return {
    async take(item: { id: string }) {
      checksum += item.id.length;
      if (++seen % PAGE_SIZE === 0 && WORK_MS > 0) await sleep(WORK_MS);
    },
    done() {
      if (seen !== TOTAL) throw new Error(`walked ${seen} items, expected ${TOTAL}`);
      return checksum;
    },
  };
}

const raw = createClient<paths>({ baseUrl, headers: { "API-KEY": "bench-key" } });
const alli = createAlliClient({ apiKey: "bench-key", baseUrl });

const walks: Record<string, () => Promise<number>> = {
  "hand-written openapi-fetch loop": async () => {
    const c = consumer();
    let cursor: string | null | undefined;
    do {
      const { data, error } = await raw.GET("/webapi/v2/apps", { params: { query: { pageSize: PAGE_SIZE, cursor } } });
      if (error || !data) throw new Error(`page failed: ${JSON.stringify(error)}`);
      for (const item of data.apps) await c.take(item);
      cursor = data.cursor;
    } while (cursor);
    return c.done();
  },
  "alli.paginate": async () => {
    const c = consumer();
    for await (const item of alli.paginate("/webapi/v2/apps", { params: { query: { pageSize: PAGE_SIZE } } }))
      await c.take(item);
    return c.done();
  },
  "alli.paginate, lookAhead": async () => {
    const c = consumer();
    for await (const item of alli.paginate(
      "/webapi/v2/apps",
      { params: { query: { pageSize: PAGE_SIZE } } },
      { lookAhead: true },
    ))
      await c.take(item);
    return c.done();
  },
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

try {
  console.log(
    `${PAGES} pages × ${PAGE_SIZE} items, ${LATENCY_MS} ms server latency, ${WORK_MS} ms caller work per page, median of ${RUNS} runs`,
  );
  for (const walk of Object.values(walks)) await walk(); // warm-up: JIT, connection pool
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(walks).map((name) => [name, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const [name, walk] of Object.entries(walks)) {
      const started = performance.now();
      await walk();
      times[name]!.push(performance.now() - started);
    }
  }
  const [baselineName, ...others] = Object.keys(walks);
  const baseline = median(times[baselineName!]!);
  console.log(`${baselineName!.padEnd(32)} ${baseline.toFixed(1).padStart(8)} ms   1.000x (baseline)`);
  for (const name of others) {
    const time = median(times[name]!);
    console.log(`${name.padEnd(32)} ${time.toFixed(1).padStart(8)} ms   ${(time / baseline).toFixed(3)}x`);
  }
} finally {
  server.close();
  server.closeAllConnections();
}
