/**
 * Issue 20, downloads: every early exit of a body reader (a throwing onProgress, a cancelled body, a destroyed
 * Node readable, a consumer that throws or breaks out of rows()) closes the connection at once, not at the idle
 * timeout; and `maxBytes` (`--max-bytes` on the CLI) caps a download, closing the connection and leaving no file.
 */
import { join } from "node:path";
import { Agent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import type { CliContext } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/run-cli.js";
import { AlliError, createAlliClient, InvalidInputError, type ClientOptions } from "../../src/index.js";
import { filesIn, useTempDirs } from "../audit-logs/helpers/temp-dir.js";
import { startServer, type Handler, type ScriptedServer } from "../helpers/http-server.js";

const ROW = `log_1,2026-01-05T09:30:00Z,${"x".repeat(1000)}\n`;
/** A CSV that never ends: a row every few milliseconds until the client goes away. */
const endless: Handler = (_req, res) => {
  res.writeHead(200, { "content-type": "text/csv" });
  res.write("id,createdAt,note\n");
  const timer = setInterval(() => res.write(ROW), 5);
  res.on("close", () => clearInterval(timer));
};
/** Declares 10 MB, sends a little, then stalls. */
const declared: Handler = (_req, res) => {
  res.writeHead(200, { "content-type": "text/csv", "content-length": String(10_000_000) });
  res.write("id,createdAt,note\n");
};

let servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
const temp = useTempDirs();
async function serve(handler: Handler = endless, options: Partial<ClientOptions> = {}) {
  const server = await startServer(handler);
  servers.push(server);
  // A long idle timeout: only the SDK's own closing can bring the open sockets to 0 within the poll.
  return {
    server,
    alli: createAlliClient({ apiKey: "dl-key", baseUrl: server.url, maxRetries: 0, idleTimeout: 60_000, ...options }),
  };
}
const closed = (server: ScriptedServer) =>
  expect.poll(() => server.openSockets(), { timeout: 2_000, interval: 20 }).toBe(0);

describe("an early exit closes the connection at once", () => {
  // node:http is the wire until undici loads after a first answer; a dispatcher picks undici at once.
  it.each([
    ["at bytes 0", 0, "node:http"],
    ["at a later chunk", 5_000, "node:http"],
    ["at bytes 0", 0, "undici"],
    ["at a later chunk", 5_000, "undici"],
  ])("onProgress throwing %s over %s (10 downloads at once): no socket open, no file left", async (_, at, wire) => {
    const { server, alli } = await serve(endless, wire === "undici" ? { dispatcher: new Agent() } : {});
    const dir = temp.make();
    const onProgress = ({ bytes }: { bytes: number }) => {
      if (bytes >= at) throw new Error("progress failed");
    };
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => alli.auditLogs.downloadToFile(join(dir, `logs${i}.csv`), { onProgress })),
    );
    for (const result of results)
      expect(result).toMatchObject({ status: "rejected", reason: { message: "progress failed" } });
    expect(server.requests).toHaveLength(10);
    await closed(server);
    expect(filesIn(dir)).toEqual([]);
  });

  it("download(): body.cancel() after a chunk", async () => {
    const { server, alli } = await serve();
    const { body } = await alli.auditLogs.download();
    const reader = body.getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    await closed(server);
  });

  it("download(): body.cancel() before any read", async () => {
    const { server, alli } = await serve();
    const { body } = await alli.auditLogs.download();
    await body.cancel();
    await closed(server);
  });

  it("download(): the Node readable destroyed after a chunk", async () => {
    const { server, alli } = await serve();
    const readable = await (await alli.auditLogs.download()).toNodeReadable();
    await new Promise((resolve) => readable.once("data", resolve));
    readable.destroy();
    await closed(server);
  });

  it("rows(): the consumer throws inside for await", async () => {
    const { server, alli } = await serve();
    const error = await (async () => {
      for await (const _row of alli.auditLogs.rows()) throw new Error("consumer failed");
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ message: "consumer failed" });
    await closed(server);
  });

  it("rows(): the consumer breaks", async () => {
    const { server, alli } = await serve();
    for await (const _row of alli.auditLogs.rows()) break;
    await closed(server);
  });
});

describe("maxBytes", () => {
  const tooLarge = /larger than maxBytes \(20000 bytes\)/;

  it("downloadToFile: past it, an AlliError, the connection closed, no partial file and no target", async () => {
    const { server, alli } = await serve();
    const dir = temp.make();
    const error = await alli.auditLogs
      .downloadToFile(join(dir, "logs.csv"), { maxBytes: 20_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlliError);
    expect((error as Error).message).toMatch(tooLarge);
    await closed(server);
    expect(filesIn(dir)).toEqual([]);
  });

  it("a Content-Length over it fails before anything is written", async () => {
    const { server, alli } = await serve(declared);
    const dir = temp.make();
    const progress: number[] = [];
    const error = await alli.auditLogs
      .downloadToFile(join(dir, "logs.csv"), { maxBytes: 20_000, onProgress: ({ bytes }) => progress.push(bytes) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlliError);
    expect((error as Error).message).toMatch(tooLarge);
    expect(progress).toEqual([]);
    await closed(server);
    expect(filesIn(dir)).toEqual([]);
  });

  it("download() and rows(): past it, the body errors and the connection closes", async () => {
    const { server, alli } = await serve();
    const { body } = await alli.auditLogs.download({ maxBytes: 20_000 });
    const drained = (async () => {
      for await (const _ of body as unknown as AsyncIterable<Uint8Array>);
    })();
    await expect(drained).rejects.toThrow(tooLarge);
    await closed(server);
    const rows = (async () => {
      for await (const _ of alli.auditLogs.rows({ maxBytes: 20_000 }));
    })();
    await expect(rows).rejects.toThrow(tooLarge);
    await closed(server);
  });

  it("a body within it is read whole", async () => {
    const csv = "id,createdAt\nlog_1,2026-01-05T09:30:00Z\n";
    const { alli } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      res.end(csv);
    });
    const dir = temp.make();
    const result = await alli.auditLogs.downloadToFile(join(dir, "logs.csv"), { maxBytes: csv.length });
    expect(result.bytes).toBe(csv.length);
  });

  it.each([0, 1.5, "100", -1])("maxBytes %j is refused before the request", async (value) => {
    const { server, alli } = await serve();
    const options = { maxBytes: value as number };
    for (const attempt of [
      () => alli.auditLogs.download(options),
      () => alli.auditLogs.downloadToFile(join(temp.make(), "x.csv"), options),
      () => alli.auditLogs.rows(options).next(),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({ field: "options.maxBytes" });
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe("alli audit-logs export --max-bytes", () => {
  const context = (): CliContext & { out: string; err: string } => {
    const ctx = {
      out: "",
      err: "",
      env: { ALLI_API_KEY: "sk-cli-max-bytes-1234" },
      stdout: { write: (text: string) => (ctx.out += text) },
      stderr: { write: (text: string) => (ctx.err += text), isTTY: false },
      onInterrupt: () => () => {},
    };
    return ctx;
  };

  it.each(["0", "ten", "1.5", "-5", "10XB", ""])(
    "--max-bytes %j: exit 2 naming the flag, nothing sent",
    async (value) => {
      const { server } = await serve();
      const ctx = context();
      const args = ["audit-logs", "export", "--out", join(temp.make(), "x.csv"), "--base-url", server.url];
      expect(await runCli([...args, `--max-bytes=${value}`], ctx)).toBe(2);
      expect(ctx.err).toMatch(/^alli: --max-bytes: /);
      expect(server.requests).toHaveLength(0);
    },
  );

  it.each([
    ["20000", 20_000],
    ["20kB", 20_000],
    ["20KiB", 20_480],
  ])("--max-bytes %s stops the download past that many bytes: exit 1, no file", async (value, bytes) => {
    const { server } = await serve();
    const ctx = context();
    const dir = temp.make();
    const args = ["audit-logs", "export", "--out", join(dir, "x.csv"), "--base-url", server.url];
    expect(await runCli([...args, "--max-bytes", value], ctx)).toBe(1);
    expect(ctx.err).toContain(`larger than maxBytes (${bytes} bytes)`);
    await closed(server);
    expect(filesIn(dir)).toEqual([]);
  });

  it("--help lists --max-bytes", async () => {
    const ctx = context();
    expect(await runCli(["audit-logs", "export", "--help"], ctx)).toBe(0);
    expect(ctx.out).toContain("--max-bytes");
  });
});
