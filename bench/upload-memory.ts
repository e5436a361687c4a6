/**
 * bench/upload-memory: how much memory an upload by path costs through the SDK, against streaming it by hand.
 *
 * A FILE_MB file (random bytes, in a temporary folder) is uploaded to a loopback server in its own process, which
 * reads and drops the body and answers 200. Two clients send the same multipart/form-data (one text field, the file):
 *   - `undici.request` with a body streamed from `fs.createReadStream` (THE baseline, = 1.00);
 *   - the SDK's path map, `alli.POST("/webapi/v2/apps/{app_id}/run_conversation", { body: { files: [path] } })`,
 *     with default options (its first call warms it up: connections, and undici loaded in the background).
 * Each upload runs in a fresh child process (RSS a run leaves behind does not hide the next one's), after a forced
 * GC; the process's RSS is sampled every SAMPLE_MS ms while it runs, and its peak above where it stood before the
 * upload is the figure: per client, the least of RUNS alternating runs, in MiB and as a ratio to the baseline's.
 * Buffering the file whole would show as several times FILE_MB; streaming, as a few MiB whatever FILE_MB is.
 * Nothing is asserted.
 *
 *   npx tsx bench/upload-memory.ts [file MiB] [runs]
 *   FILE_MB=200 RUNS=3 npm run bench:upload-memory
 */
import { spawn } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { once } from "node:events";
import {
  closeSync,
  createReadStream,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { request as undiciRequest } from "undici";
import { createAlliClient } from "../src/index.js";
import { setting } from "./helpers/setting.js";

const MIB = 1024 * 1024;
const SAMPLE_MS = 2;
const PATH = "/webapi/v2/apps/{app_id}/run_conversation" as const;
type Client = "undici.request" | "alli.POST";

/** The server: reads each request's body, drops it, answers 200 with how many bytes came. Prints its port. */
const SERVER = `
import { createServer } from "node:http";
const server = createServer(async (req, res) => {
  let bytes = 0;
  try {
    for await (const chunk of req) bytes += chunk.length;
  } catch {
    return; // a client that gave up
  }
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ bytes }));
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
process.stdin.on("end", () => process.exit(0)).resume();
`;

/** One upload in this process: the peak RSS above where it stood before, in bytes, and the bytes the server got. */
async function measure(client: Client, baseUrl: string, file: string): Promise<{ peak: number; received: number }> {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const alli = createAlliClient({ apiKey: "bench-key", baseUrl });
  const boundary = "----bench-upload-memory-boundary";
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="message"\r\n\r\nsummarise\r\n--${boundary}\r\n`;
  const part = `${head}Content-Disposition: form-data; name="files"; filename="upload.bin"\r\n`;
  const opening = `${part}Content-Type: application/octet-stream\r\n\r\n`;
  const closing = `\r\n--${boundary}--\r\n`;
  const upload: Record<Client, (path: string) => Promise<number>> = {
    "undici.request": async (path) => {
      const body = async function* () {
        yield Buffer.from(opening);
        yield* createReadStream(path);
        yield Buffer.from(closing);
      };
      const { statusCode, body: answer } = await undiciRequest(`${baseUrl}/webapi/v2/apps/app_1/run_conversation`, {
        method: "POST",
        headers: {
          "content-type": `multipart/form-data; boundary=${boundary}`,
          "content-length": String(Buffer.byteLength(opening) + statSync(path).size + Buffer.byteLength(closing)),
        },
        body: Readable.from(body()),
      });
      const { bytes } = (await answer.json()) as { bytes: number };
      if (statusCode !== 200) throw new Error(`undici.request: ${statusCode}`);
      return bytes;
    },
    "alli.POST": async (path) => {
      const { data } = await alli.POST(PATH, {
        params: { path: { app_id: "app_1" } },
        body: { message: "summarise", files: [path as unknown as Blob] },
        parseAs: "text",
      });
      return (JSON.parse(data as string) as { bytes: number }).bytes;
    },
  };
  // Warm-up with a small file: connections, JIT, the SDK's undici.
  const small = join(file, "..", "small.bin");
  writeFileSync(small, "warm");
  for (let i = 0; i < 3; i++) await upload[client](small);
  await new Promise((resolve) => setTimeout(resolve, 300));
  gc();
  gc();
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), SAMPLE_MS);
  const received = await upload[client](file);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { peak: peak - before, received };
}

/** Runs `measure` in a fresh child process (this script again, under the same loader). */
async function inChild(client: Client, baseUrl: string, file: string) {
  const args = [...process.execArgv, process.argv[1]!, "--child", client, baseUrl, file];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number];
  if (code !== 0) throw new Error(`the ${client} run exited with ${code}`);
  return JSON.parse(out) as { peak: number; received: number };
}

if (process.argv[2] === "--child") {
  const [client, baseUrl, file] = process.argv.slice(3) as [Client, string, string];
  console.log(JSON.stringify(await measure(client, baseUrl, file)));
  process.exit(0);
}

const FILE_MB = setting(0, "FILE_MB", 200, 1);
const RUNS = setting(1, "RUNS", 3, 1);
const dir = mkdtempSync(join(tmpdir(), "alli-bench-upload-"));
const server = spawn(process.execPath, ["--input-type=module", "-e", SERVER], { stdio: ["pipe", "pipe", "inherit"] });
try {
  const file = join(dir, "upload.bin");
  // Random bytes, written a MiB at a time (this process never holds the file).
  const chunk = Buffer.alloc(MIB);
  const fd = openSync(file, "w");
  for (let i = 0; i < FILE_MB; i++) writeSync(fd, randomFillSync(chunk));
  closeSync(fd);
  const port = (await createInterface({ input: server.stdout! })[Symbol.asyncIterator]().next()).value as string;
  const baseUrl = `http://127.0.0.1:${Number(port)}`;

  const clients: Client[] = ["undici.request", "alli.POST"];
  const best: Partial<Record<Client, { peak: number; received: number }>> = {};
  for (let run = 0; run < RUNS; run++) {
    for (const client of run % 2 ? [...clients].reverse() : clients) {
      const result = await inChild(client, baseUrl, file);
      if (result.received < FILE_MB * MIB) throw new Error(`${client}: the server got ${result.received} bytes`);
      if (!best[client] || result.peak < best[client].peak) best[client] = result;
    }
  }
  const floor = best["undici.request"]!.peak;
  console.log(
    `upload-memory: a ${FILE_MB} MiB file uploaded by path (multipart), peak RSS growth during the upload, ` +
      `least of ${RUNS} runs, each in a fresh process`,
  );
  for (const client of clients) {
    const { peak, received } = best[client]!;
    const ratio = floor > 0 ? `${(peak / floor).toFixed(2)}x undici.request` : "";
    console.log(
      `  ${client.padEnd(15)} ${(peak / MIB).toFixed(1).padStart(7)} MiB   ${ratio.padStart(20)}   ` +
        `(${(received / MIB).toFixed(1)} MiB received)`,
    );
  }
} finally {
  server.stdin!.end();
  rmSync(dir, { recursive: true, force: true });
}
