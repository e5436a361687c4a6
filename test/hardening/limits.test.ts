/**
 * Hostile sizes end in the SDK's error with the connection closed, never in a crash or an
 * unbounded buffer: an event past maxEventBytes, a JSON body past maxResponseBytes (declared, or
 * chunked, or a small gzip body that decompresses past it), an error body past 1 MiB.
 */
import { gzipSync } from "node:zlib";
import { afterEach, expect, it } from "vitest";
import { AlliError, createAlliClient, InternalServerError, StreamInterruptedError } from "../../src/index.js";
import { startServer, type Handler, type ScriptedServer } from "../helpers/http-server.js";

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(handler: Handler, options: Parameters<typeof createAlliClient>[0] = {}) {
  const server = await startServer(handler);
  servers.push(server);
  return { server, alli: createAlliClient({ apiKey: "limit-key", baseUrl: server.url, maxRetries: 0, ...options }) };
}
const chat = { body: { messages: [{ role: "user" as const, content: "hi" }] } };

it("a stream event larger than maxEventBytes ends with StreamInterruptedError, the events before it kept, the connection closed", async () => {
  const { alli, server } = await serve(
    (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write('data: {"delta":"first"}\n\n');
      // One line that never ends: 64 KiB chunks for as long as the client reads.
      const chunk = `data: {"delta":"${"x".repeat(64 * 1024)}`;
      const pump = () => {
        while (res.write(chunk)) if (res.writableLength > 1 << 20) break;
      };
      res.on("drain", pump);
      pump();
    },
    { maxEventBytes: 1024 * 1024 },
  );
  const events: unknown[] = [];
  const error = (await (async () => {
    for await (const event of alli.stream("/webapi/v2/chat/completions", chat)) events.push(event);
  })().catch((e: unknown) => e)) as StreamInterruptedError;
  expect(error).toBeInstanceOf(StreamInterruptedError);
  expect(error.reason).toBe("too-large");
  expect(error.message).toContain("maxEventBytes (1048576 bytes)");
  expect(events).toEqual([{ delta: "first" }]);
  await expect.poll(() => server.openSockets()).toBe(0);
});

// The gzip body is a few hundred bytes on the wire: it has all arrived, and its connection rightly
// goes back to the pool; the others are cut while they still arrive.
it.each([
  [
    "declared by Content-Length",
    true,
    (body: string) => [{ "content-type": "application/json", "content-length": String(body.length) }, body] as const,
  ],
  ["chunked", true, (body: string) => [{ "content-type": "application/json" }, body] as const],
  [
    "gzip, decompressing past the limit",
    false,
    (body: string) => [{ "content-type": "application/json", "content-encoding": "gzip" }, gzipSync(body)] as const,
  ],
])("a JSON body larger than maxResponseBytes (%s) is an AlliError", async (_what, stillArriving, shape) => {
  const json = JSON.stringify({ id: "a", name: "y".repeat(200_000) });
  const { alli, server } = await serve(
    (_req, res) => {
      const [headers, body] = shape(json);
      res.writeHead(200, headers);
      res.end(body);
    },
    { maxResponseBytes: 100_000 },
  );
  const error = await alli
    .GET("/webapi/v2/apps/{app_id}", { params: { path: { app_id: "a" } } })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AlliError);
  expect((error as Error).message).toContain("larger than maxResponseBytes (100000 bytes)");
  if (stillArriving) await expect.poll(() => server.openSockets()).toBe(0);
});

it("a JSON body within maxResponseBytes is read whole", async () => {
  const { alli } = await serve(
    (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: "a", name: "ok" }));
    },
    { maxResponseBytes: 100 },
  );
  const { data } = await alli.GET("/webapi/v2/apps/{app_id}", { params: { path: { app_id: "a" } } });
  expect(data).toEqual({ id: "a", name: "ok" });
});

it("an error body past 1 MiB: the first MiB is kept, marked truncated, and the rest is not read", async () => {
  const { alli, server } = await serve((_req, res) => {
    res.writeHead(500, { "content-type": "text/plain" });
    const chunk = "e".repeat(64 * 1024);
    const pump = () => {
      while (res.write(chunk)) if (res.writableLength > 1 << 20) break;
    };
    res.on("drain", pump);
    pump();
  });
  const error = (await alli.GET("/webapi/v2/projects").catch((e: unknown) => e)) as InternalServerError;
  expect(error).toBeInstanceOf(InternalServerError);
  expect(error.bodyTruncated).toBe(true);
  expect(typeof error.body).toBe("string");
  expect((error.body as string).length).toBe(1024 * 1024);
  await expect.poll(() => server.openSockets()).toBe(0);
});

it("a 204 that declares a Content-Encoding resolves, and nothing crashes later", async () => {
  const { alli } = await serve((_req, res) => void res.writeHead(204, { "content-encoding": "gzip" }).end());
  const { data } = await alli.DELETE("/webapi/v2/conversations/{conversation_id}/chats/{chat_id}", {
    params: { path: { conversation_id: "c", chat_id: "d" } },
  });
  expect(data).toBeUndefined();
  await new Promise((resolve) => setTimeout(resolve, 50));
});

it("an empty gzip body with Content-Encoding is an empty body, not a connection error", async () => {
  const { alli } = await serve(
    (_req, res) => void res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(),
  );
  const { data } = await alli.GET("/webapi/v2/projects");
  expect(data).toBeUndefined();
});

it("with a fetch option, a gzip body that decompresses past maxResponseBytes is refused too", async () => {
  const { alli } = await serve(
    (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(gzipSync(JSON.stringify({ id: "a", name: "z".repeat(500_000) })));
    },
    { maxResponseBytes: 100_000, fetch: (url, init) => fetch(url, init) },
  );
  const error = await alli
    .GET("/webapi/v2/apps/{app_id}", { params: { path: { app_id: "a" } } })
    .catch((e: unknown) => e);
  expect((error as Error).message).toContain("larger than maxResponseBytes");
});

it.each([
  ["NDJSON", "application/x-ndjson", (i: number) => `${JSON.stringify({ delta: `e${i}` })}\n`],
  [
    "SSE with heartbeats between events",
    "text/event-stream",
    (i: number) => `: keep-alive\n\ndata: ${JSON.stringify({ delta: `e${i}` })}\n\n`,
  ],
])("many small events in one large write (%s) are all read under a small maxEventBytes", async (_what, type, event) => {
  const count = 2_000;
  const { alli } = await serve(
    (_req, res) => {
      res.writeHead(200, { "content-type": type });
      res.end(Array.from({ length: count }, (_, i) => event(i)).join(""));
    },
    { maxEventBytes: 1000 },
  );
  let seen = 0;
  for await (const _ of alli.stream("/webapi/v2/chat/completions", chat)) seen++;
  expect(seen).toBe(count);
});

it("an open event that grows past maxEventBytes across chunks, after a completed one, is stopped", async () => {
  const { alli } = await serve(
    async (_req, res) => {
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      res.write(`{"a":1}\n{"delta":"${"x".repeat(30_000)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      res.end(`${"x".repeat(30_000)}"}\n`);
    },
    { maxEventBytes: 40_000 },
  );
  const error = (await (async () => {
    for await (const _ of alli.stream("/webapi/v2/chat/completions", chat)) void _;
  })().catch((e: unknown) => e)) as StreamInterruptedError;
  expect(error).toBeInstanceOf(StreamInterruptedError);
  expect(error.reason).toBe("too-large");
});

it("parseAs arrayBuffer is bounded by maxResponseBytes too", async () => {
  const { alli } = await serve(
    (_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(Buffer.alloc(300_000));
    },
    { maxResponseBytes: 100_000 },
  );
  const error = await alli.GET("/webapi/v2/projects", { parseAs: "arrayBuffer" }).catch((e: unknown) => e);
  expect((error as Error).message).toContain("larger than maxResponseBytes");
});
