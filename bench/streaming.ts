/**
 * Streaming throughput: the SDK's SSE path against eventsource-parser alone, over the same bytes,
 * from the same loopback server, cut into the same random chunks.
 *
 *   npx tsx bench/streaming.ts                 # 50 MB, 5 rounds
 *   STREAM_MB=200 ROUNDS=3 MAX_CHUNK=65536 SEED=7 npx tsx bench/streaming.ts
 *
 * The stream is LLM-style SSE (OpenAI-like chunks carrying Korean, Japanese and English tokens,
 * a keep-alive comment now and then, `[DONE]` at the end). The baseline reads the body with
 * fetch, decodes UTF-8 with a streaming TextDecoder, feeds eventsource-parser and JSON.parses
 * each event's data: the least a program must do to get the same events. Each figure is printed
 * with its ratio to the baseline (median of the rounds, run alternately). Memory is measured in
 * separate, untimed runs: the live heap (after a forced GC every 10 000 events) above where it
 * stood before the run, for the full stream and for one a fifth as long; flat means the same
 * for both. No threshold is asserted.
 */
import { createServer, type Server } from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createParser } from "eventsource-parser";
import { createAlliClient } from "../src/index.js";

const MB = 1024 * 1024;
const STREAM_MB = Number(process.env.STREAM_MB ?? process.argv[2] ?? 50);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const MAX_CHUNK = Number(process.env.MAX_CHUNK ?? 65_536);
const SEED = Number(process.env.SEED ?? 42);

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** mulberry32: a seeded generator, so every run sends the same bytes in the same chunks. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  "안녕하세요",
  " 서울",
  "의 날씨",
  "는 ",
  "맑습니다",
  "。",
  "こんにちは",
  "、東京",
  "の天気は",
  "晴れ",
  "です",
  " The",
  " answer",
  " is",
  " 42",
  ".\n",
  "🎉",
  " 売上",
  "가",
  "を",
];

/** The whole stream, and where the server cuts it. */
function buildStream(bytes: number, next: () => number): { body: Buffer; cuts: number[]; events: number } {
  const parts: Buffer[] = [];
  let size = 0;
  let events = 0;
  while (size < bytes) {
    const content = Array.from(
      { length: 1 + Math.floor(next() * 4) },
      () => TOKENS[Math.floor(next() * TOKENS.length)],
    ).join("");
    const chunk = {
      id: "chatcmpl-bench",
      object: "chat.completion.chunk",
      created: 1760000000 + events,
      model: "gpt4_o",
      choices: [{ index: 0, delta: { content }, finish_reason: null }],
    };
    let text = `data: ${JSON.stringify(chunk)}\n\n`;
    if (events % 500 === 499) text += ": keep-alive\n\n";
    const part = Buffer.from(text);
    parts.push(part);
    size += part.length;
    events++;
  }
  parts.push(Buffer.from("data: [DONE]\n\n"));
  const body = Buffer.concat(parts);
  // Chunk sizes log-uniform in [1, MAX_CHUNK]: many small cuts (inside characters) and some large ones.
  const cuts: number[] = [];
  for (let at = 0; at < body.length;) {
    at = Math.min(body.length, at + Math.max(1, Math.round(Math.exp(next() * Math.log(MAX_CHUNK)))));
    cuts.push(at);
  }
  return { body, cuts, events };
}

function serve(stream: { body: Buffer; cuts: number[] }): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    for await (const _ of req); // the request body is not needed
    res.writeHead(200, { "content-type": "text/event-stream" });
    let from = 0;
    for (const to of stream.cuts) {
      if (!res.write(stream.body.subarray(from, to))) await new Promise((resolve) => res.once("drain", resolve));
      from = to;
    }
    res.end();
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` }),
    ),
  );
}

/** Wall-clock and CPU seconds `read` takes (CPU includes the in-process server, the same for both paths). */
async function time(read: () => Promise<number>): Promise<{ seconds: number; cpu: number; events: number }> {
  gc();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const events = await read();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6, events };
}

const GC_EVERY = 10_000;

/** The most live heap (after a GC) seen every GC_EVERY events during a read, above where it stood before. */
async function liveHeap(read: (onEvent: () => void) => Promise<number>): Promise<number> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = 0;
  let seen = 0;
  await read(() => {
    if (++seen % GC_EVERY) return;
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed - base);
  });
  return peak;
}

const messages = [{ role: "user" as const, content: "bench" }];

async function baseline(url: string, onEvent?: () => void): Promise<number> {
  const response = await fetch(`${url}/webapi/v2/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ messages, mode: "stream" }),
  });
  let events = 0;
  const parser = createParser({
    onEvent: ({ data }) => {
      if (data === "[DONE]") return;
      JSON.parse(data);
      events++;
      onEvent?.();
    },
  });
  const decoder = new TextDecoder();
  const reader = response.body!.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  return events;
}

async function sdk(url: string, onEvent?: () => void): Promise<number> {
  const alli = createAlliClient({ apiKey: "bench-key", baseUrl: url });
  let events = 0;
  for await (const _ of alli.stream("/webapi/v2/chat/completions", { body: { messages } })) {
    events++;
    onEvent?.();
  }
  return events;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number, digits = 1) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function withServer<T>(
  megabytes: number,
  use: (url: string, stream: ReturnType<typeof buildStream>) => Promise<T>,
): Promise<T> {
  const stream = buildStream(megabytes * MB, random(SEED));
  const { server, url } = await serve(stream);
  try {
    return await use(url, stream);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

const full = await withServer(STREAM_MB, async (url, stream) => {
  await sdk(url); // warm-up: JIT and connection pool for both paths
  await baseline(url);
  const runs = { baseline: [] as number[], sdk: [] as number[] };
  // Other work on the machine drifts; comparing each round's adjacent pair of runs cancels most of it.
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const pair: Record<string, { seconds: number; cpu: number }> = {};
    for (const [name, read] of [
      ["baseline", baseline],
      ["sdk", sdk],
    ] as const) {
      const run = await time(() => read(url));
      if (run.events !== stream.events)
        throw new Error(`${name}: expected ${stream.events} events, read ${run.events}`);
      runs[name].push(run.seconds);
      pair[name] = run;
    }
    ratios.push(pair.baseline!.seconds / pair.sdk!.seconds);
    cpuRatios.push(pair.baseline!.cpu / pair.sdk!.cpu);
  }
  const heap = {
    baseline: await liveHeap((onEvent) => baseline(url, onEvent)),
    sdk: await liveHeap((onEvent) => sdk(url, onEvent)),
  };
  const seconds = { baseline: median(runs.baseline), sdk: median(runs.sdk) };
  const mb = stream.body.length / MB;
  console.log(
    `${fmt(mb)} MB, ${stream.events.toLocaleString("en-US")} events, ${stream.cuts.length.toLocaleString("en-US")} server writes of 1..${MAX_CHUNK} B; ${ROUNDS} rounds, medians`,
  );
  console.log(
    `  eventsource-parser alone: ${fmt(stream.events / seconds.baseline / 1000)} k events/s  ${fmt(mb / seconds.baseline)} MB/s  live heap +${fmt(heap.baseline / MB, 2)} MB`,
  );
  console.log(
    `  alli.stream (SDK):        ${fmt(stream.events / seconds.sdk / 1000)} k events/s  ${fmt(mb / seconds.sdk)} MB/s  live heap +${fmt(heap.sdk / MB, 2)} MB`,
  );
  console.log(
    `  ratio SDK / baseline:     events/s ${fmt(median(ratios), 3)}  MB/s ${fmt(median(ratios), 3)}  (per-round ${ratios.map((r) => fmt(r, 2)).join(" ")}; by CPU time ${fmt(median(cpuRatios), 3)})`,
  );
  return heap.sdk;
});

const fifth = await withServer(STREAM_MB / 5, (url) => liveHeap((onEvent) => sdk(url, onEvent)));
console.log(
  `SDK live heap, full stream / a fifth of it: ${fmt(full / Math.max(fifth, 1), 2)} (+${fmt(full / MB, 2)} MB / +${fmt(fifth / MB, 2)} MB; 1.00 = flat, 5.00 = proportional to length)`,
);
