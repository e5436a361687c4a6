/**
 * Faulty servers: a body shorter than Content-Length, a connection dropped mid-body, a stalled
 * body, 4xx/5xx, a 200 that is not CSV. No failure may leave a file at the target (or a partial
 * file), and a file already there stays as it was.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import type { ServerResponse } from "node:http";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createAlliClient } from "../../src/client.js";
import {
  InvalidInputError,
  AlliError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  InternalServerError,
  PermissionDeniedError,
  TruncatedDownloadError,
} from "../../src/index.js";
import { startServer, type Handler, type ScriptedServer } from "../helpers/http-server.js";
import { csvText, streamCsv } from "./helpers/generated-csv.js";
import { filesIn, useTempDirs } from "./helpers/temp-dir.js";

const CSV = Buffer.from(csvText(3000)); // ~1 MB
const HALF = Math.floor(CSV.length / 2);

let servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
const temp = useTempDirs();

async function serve(handler: Handler, options: { maxRetries?: number; timeout?: number; idleTimeout?: number } = {}) {
  const server = await startServer(handler);
  servers.push(server);
  return { server, alli: createAlliClient({ apiKey: "test-key", baseUrl: server.url, maxRetries: 0, ...options }) };
}

/** Announces the whole CSV, sends half, and closes the connection cleanly. */
const shortBody: Handler = (_req, res) => {
  res.writeHead(200, { "content-type": "text/csv", "content-length": String(CSV.length) });
  res.write(CSV.subarray(0, HALF), () => res.socket!.end());
};

/** Chunked (no length), sends half, then resets the connection. */
const droppedBody: Handler = (_req, res) => {
  res.writeHead(200, { "content-type": "text/csv" });
  res.write(CSV.subarray(0, HALF), () => setImmediate(() => res.socket!.destroy()));
};

const drain = async (body: ReadableStream<Uint8Array>) => {
  for await (const _ of body as unknown as AsyncIterable<Uint8Array>);
};
const allRows = async (rows: AsyncIterable<unknown>) => {
  for await (const _ of rows);
};

describe("a body shorter than its Content-Length", () => {
  it("downloadToFile raises TruncatedDownloadError with bytes received and expected, and leaves no file", async () => {
    const { alli } = await serve(shortBody);
    const dir = temp.make();
    const error = await alli.auditLogs.downloadToFile(join(dir, "logs.csv")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TruncatedDownloadError);
    // Everything sent may arrive, or the error may overtake bytes still queued in fetch's stream.
    const { bytesReceived } = error as TruncatedDownloadError;
    expect(bytesReceived).toBeLessThanOrEqual(HALF);
    expect(error).toMatchObject({ expectedBytes: CSV.length, name: "TruncatedDownloadError" });
    expect((error as Error).message).toContain(`after ${bytesReceived} of ${CSV.length} bytes`);
    expect(filesIn(dir)).toEqual([]);
  });

  it("download() and rows() raise it too, instead of ending as if complete", async () => {
    const { alli } = await serve(shortBody);
    await expect(drain((await alli.auditLogs.download()).body)).rejects.toBeInstanceOf(TruncatedDownloadError);
    await expect(allRows(alli.auditLogs.rows())).rejects.toBeInstanceOf(TruncatedDownloadError);
  });

  it("is caught by the SDK itself when a custom fetch does not check the length", async () => {
    const fetch = async () =>
      new Response(new Blob([CSV.subarray(0, 100)]).stream(), {
        headers: { "content-type": "text/csv", "content-length": String(CSV.length) },
      });
    const alli = createAlliClient({ apiKey: "test-key", baseUrl: "http://127.0.0.1:9", fetch });
    const dir = temp.make();
    await expect(alli.auditLogs.downloadToFile(join(dir, "logs.csv"))).rejects.toMatchObject({
      bytesReceived: 100,
      expectedBytes: CSV.length,
    });
    expect(filesIn(dir)).toEqual([]);
  });
});

describe("a gzip-compressed body", () => {
  it("is not mistaken for a short one: its Content-Length counts the compressed bytes", async () => {
    const gzipped = gzipSync(CSV);
    const { alli } = await serve((_req, res) => {
      res.writeHead(200, {
        "content-type": "text/csv",
        "content-encoding": "gzip",
        "content-length": String(gzipped.length),
      });
      res.end(gzipped);
    });
    const dir = temp.make();
    const totals: Array<number | undefined> = [];
    const result = await alli.auditLogs.downloadToFile(join(dir, "logs.csv"), {
      onProgress: (p) => totals.push(p.total),
    });
    expect(readFileSync(join(dir, "logs.csv")).equals(CSV)).toBe(true);
    expect(result.bytes).toBe(CSV.length);
    expect(new Set(totals)).toEqual(new Set([undefined]));
    let count = 0;
    for await (const _ of alli.auditLogs.rows()) count++;
    expect(count).toBe(3000);
  });
});

describe("a connection dropped mid-body (no Content-Length)", () => {
  it("raises TruncatedDownloadError, leaves no file, and keeps a file already at the target", async () => {
    const { alli } = await serve(droppedBody);
    const dir = temp.make();
    const target = join(dir, "logs.csv");
    writeFileSync(target, "the previous export\n");
    const error = await alli.auditLogs.downloadToFile(target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TruncatedDownloadError);
    expect((error as TruncatedDownloadError).expectedBytes).toBeUndefined();
    expect((error as TruncatedDownloadError).bytesReceived).toBeLessThan(CSV.length);
    expect(filesIn(dir)).toEqual(["logs.csv"]);
    expect(readFileSync(target, "utf8")).toBe("the previous export\n");
  });

  it("rows() raises it after yielding the rows that did arrive", async () => {
    const { alli } = await serve(droppedBody);
    let count = 0;
    const failure = (async () => {
      for await (const _ of alli.auditLogs.rows()) count++;
    })();
    await expect(failure).rejects.toBeInstanceOf(TruncatedDownloadError);
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(3000);
  });
});

describe("HTTP errors", () => {
  const errorBody =
    (status: number, message: string): Handler =>
    (_req, res) => {
      res.writeHead(status, { "content-type": "application/json", "x-request-id": "req-42" });
      res.end(JSON.stringify({ message }));
    };

  it.each([
    { status: 401, ErrorClass: AuthenticationError },
    { status: 403, ErrorClass: PermissionDeniedError },
    { status: 500, ErrorClass: InternalServerError },
    { status: 503, ErrorClass: InternalServerError },
  ])(
    "$status raises $ErrorClass.name with the server's message and creates no file",
    async ({ status, ErrorClass }) => {
      const { alli } = await serve(errorBody(status, "project is inactive"));
      const dir = temp.make();
      const error = await alli.auditLogs.downloadToFile(join(dir, "logs.csv")).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toMatchObject({ status, requestId: "req-42", operation: { operationId: "downloadAuditLogs" } });
      expect((error as Error).message).toContain("project is inactive");
      expect(filesIn(dir)).toEqual([]);
      await expect(allRows(alli.auditLogs.rows())).rejects.toBeInstanceOf(ErrorClass);
    },
  );

  it("retries a 503 before the body starts, then downloads", async () => {
    const { alli, server } = await serve(
      (req, res, body, index) => {
        if (index === 0) return errorBody(503, "busy")(req, res, body, index);
        res.writeHead(200, { "content-type": "text/csv" });
        res.end(CSV);
      },
      { maxRetries: 1 },
    );
    const dir = temp.make();
    const result = await alli.auditLogs.downloadToFile(join(dir, "logs.csv"));
    expect(result.bytes).toBe(CSV.length);
    expect(readFileSync(join(dir, "logs.csv")).equals(CSV)).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it("refuses a 200 that is JSON or HTML rather than CSV, and writes nothing", async () => {
    const { alli } = await serve(errorBody(200, "not a csv"));
    const dir = temp.make();
    await expect(alli.auditLogs.downloadToFile(join(dir, "logs.csv"))).rejects.toThrow(
      /answered 200 with application\/json instead of a CSV/,
    );
    expect(filesIn(dir)).toEqual([]);
  });
});

describe("stalls, aborts and early stops", () => {
  /** Sends the headers and a first part, then nothing (until the test's teardown closes it). */
  const stall: Handler = (_req, res) => {
    res.writeHead(200, { "content-type": "text/csv", "content-length": String(CSV.length) });
    res.write(CSV.subarray(0, 1000));
  };

  it("a body that stops arriving raises APITimeoutError after the idle timeout, and leaves no file", async () => {
    const { alli } = await serve(stall, { idleTimeout: 300 });
    const dir = temp.make();
    const error = await alli.auditLogs.downloadToFile(join(dir, "logs.csv")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toContain("no data for 300 ms after 1000");
    expect(filesIn(dir)).toEqual([]);
  });

  it("aborting the signal mid-body raises APIUserAbortError, removes the partial file, and closes the connection", async () => {
    const { alli, server } = await serve(stall);
    const dir = temp.make();
    const controller = new AbortController();
    let started!: () => void;
    const firstBytes = new Promise<void>((resolve) => (started = resolve));
    const pending = alli.auditLogs
      .downloadToFile(join(dir, "logs.csv"), {
        signal: controller.signal,
        onProgress: ({ bytes }) => bytes >= 1000 && started(),
      })
      .catch((e: unknown) => e);
    await firstBytes;
    // The download is under way: its bytes go to a hidden partial file, not to logs.csv.
    await vi.waitFor(() =>
      expect(filesIn(dir)).toEqual([expect.stringMatching(/^\.logs\.csv\.\d+\.[0-9a-f]+\.partial$/)]),
    );
    controller.abort();
    expect(await pending).toBeInstanceOf(APIUserAbortError);
    expect(filesIn(dir)).toEqual([]);
    await vi.waitFor(() => expect(server.openSockets()).toBe(0));
  });

  it("stopping rows() early closes the connection, and backpressure kept the server from sending it all", async () => {
    let sent: Promise<{ bytes: number }> | undefined;
    const whole = 64 * 1024 * 1024;
    const { alli, server } = await serve((_req, res: ServerResponse) => {
      res.writeHead(200, { "content-type": "text/csv" });
      sent = streamCsv(res, whole);
    });
    let count = 0;
    for await (const _ of alli.auditLogs.rows()) if (++count === 10) break;
    await vi.waitFor(() => expect(server.openSockets()).toBe(0));
    expect((await sent!).bytes).toBeLessThan(whole);
  });

  it("a target whose directory does not exist is refused before the request, naming the folder", async () => {
    const { alli, server } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      void streamCsv(res, 16 * 1024 * 1024);
    });
    const dir = temp.make();
    const error = await alli.auditLogs.downloadToFile(join(dir, "missing", "logs.csv")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: "path" });
    expect((error as Error).message).toContain(join(dir, "missing"));
    expect(filesIn(dir)).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it("rows() of a malformed CSV raises an AlliError saying so", async () => {
    const { alli } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      res.end('id,createdAt\nlog_1,"2026-01-05T09:30:00Z\n');
    });
    await expect(allRows(alli.auditLogs.rows())).rejects.toThrow(AlliError);
    await expect(allRows(alli.auditLogs.rows())).rejects.toThrow(/malformed/);
  });
});

describe("what a download leaves behind", () => {
  it("removes its listener from the caller's signal once each download is done", async () => {
    const csv = "id,createdAt\nlog_1,2026-01-05T09:30:00Z\n";
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/csv", "content-length": String(Buffer.byteLength(csv)) });
      res.end(csv);
    });
    const dir = mkdtempSync(join(tmpdir(), "alli-listeners-"));
    try {
      const controller = new AbortController();
      const { EventEmitter } = await import("node:events");
      const alli = createAlliClient({ apiKey: "k", baseUrl: server.url });
      for (let i = 0; i < 5; i++) {
        await alli.auditLogs.downloadToFile(join(dir, `logs-${i}.csv`), { signal: controller.signal });
        for await (const _row of alli.auditLogs.rows({ signal: controller.signal })) void _row;
      }
      expect(EventEmitter.getEventListeners(controller.signal, "abort")).toHaveLength(0);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("closes the connection and writes nothing when onProgress throws", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      res.write("id,createdAt\n"); // and the body never ends
    });
    const dir = mkdtempSync(join(tmpdir(), "alli-progress-"));
    try {
      const target = join(dir, "logs.csv");
      const error = await createAlliClient({ apiKey: "k", baseUrl: server.url })
        .auditLogs.downloadToFile(target, {
          onProgress: () => {
            throw new Error("progress display failed");
          },
        })
        .catch((e: unknown) => e);
      expect((error as Error).message).toBe("progress display failed");
      await expect.poll(() => server.openSockets()).toBe(0);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
