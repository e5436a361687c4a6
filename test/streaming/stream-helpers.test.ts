/** The helpers on a stream: the whole text, the final result, a ReadableStream to pipe on, the response. */
import { createServer } from "node:http";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { AlliError } from "../../src/index.js";
import { chat, sse, sseHead, startStreamServer } from "./stream-server.js";

const DELTAS = [{ content: "東京" }, { content: "는 " }, { usage: { tokens: 2 } }, { content: "수도" }];
const SNAPSHOTS = [
  { result: { responses: [{ message: "Hel", completed: false }] } },
  { result: { responses: [{ message: "Hello", completed: true }] } },
];

function serve(events: unknown[]) {
  return startStreamServer((res) => {
    sseHead(res);
    res.end(events.map(sse).join("") + "data: [DONE]\n\n");
  });
}

describe("text() and final()", () => {
  it("joins increments into the whole text", async () => {
    const server = await serve(DELTAS);
    expect(await server.alli.stream("/webapi/v2/chat/completions", chat).text()).toBe("東京는 수도");
  });

  it("keeps the last of a stream of snapshots, with the last event as the final result", async () => {
    const server = await serve(SNAPSHOTS);
    const result = await server.alli
      .stream("/webapi/apps/{app_id}/run", { params: { path: { app_id: "a" } }, body: {} })
      .final();
    expect(result).toEqual({ last: SNAPSHOTS[1], text: "Hello", eventCount: 2 });
  });

  it("applies parseEvent to each event before anything sees it, and raises what it throws", async () => {
    const server = await serve(DELTAS);
    const lengths = server.alli.stream("/webapi/v2/chat/completions", chat, {
      parseEvent: (e) => JSON.stringify(e).length,
    });
    expect((await lengths.final()).last).toBe(JSON.stringify(DELTAS[3]).length);
    const strict = server.alli.stream("/webapi/v2/chat/completions", chat, {
      parseEvent: (e) => {
        if (!(e as { content?: unknown }).content) throw new TypeError("not a content event");
        return e;
      },
    });
    await expect(strict.text()).rejects.toThrow("not a content event");
  });

  it("can be read once", async () => {
    const server = await serve(DELTAS);
    const stream = server.alli.stream("/webapi/v2/chat/completions", chat);
    await stream.text();
    await expect(stream.text()).rejects.toBeInstanceOf(AlliError);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/already being read/);
    expect(server.requests).toHaveLength(1);
  });
});

describe("toReadableStream()", () => {
  const read = async (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

  it("gives JSON lines by default", async () => {
    const server = await serve(DELTAS);
    const text = await read(server.alli.stream("/webapi/v2/chat/completions", chat).toReadableStream());
    expect(
      text
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line)),
    ).toEqual(DELTAS);
  });

  it("gives Server-Sent Events", async () => {
    const server = await serve(DELTAS);
    const text = await read(server.alli.stream("/webapi/v2/chat/completions", chat).toReadableStream("sse"));
    expect(text).toBe(DELTAS.map(sse).join(""));
  });

  it("gives the text alone, as it grows", async () => {
    const server = await serve(SNAPSHOTS);
    const text = await read(
      server.alli
        .stream("/webapi/apps/{app_id}/run", { params: { path: { app_id: "a" } }, body: {} })
        .toReadableStream("text"),
    );
    expect(text).toBe("Hello");
  });

  it("errors with the SDK's error when the stream fails", async () => {
    const server = await startStreamServer((res) => {
      sseHead(res);
      res.end(sse({ content: "a" }) + 'event: error\ndata: {"message":"boom"}\n\n');
    });
    await expect(read(server.alli.stream("/webapi/v2/chat/completions", chat).toReadableStream())).rejects.toThrow(
      "boom",
    );
  });

  const proxies: Array<ReturnType<typeof createServer>> = [];
  afterEach(async () => {
    await Promise.all(proxies.splice(0).map((proxy) => new Promise((resolve) => proxy.close(resolve))));
  });

  it("pipes into an HTTP response of another server", async () => {
    const upstream = await serve(DELTAS);
    const proxy = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
      Readable.fromWeb(
        upstream.alli.stream("/webapi/v2/chat/completions", chat).toReadableStream("text") as never,
      ).pipe(res);
    });
    proxies.push(proxy);
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const response = await fetch(`http://127.0.0.1:${(proxy.address() as { port: number }).port}/`);
    expect(await response.text()).toBe("東京는 수도");
  });
});

describe("response()", () => {
  it("resolves with the response's headers before the body is read, and sends one request", async () => {
    const server = await startStreamServer((res) => {
      res.writeHead(200, { "content-type": "text/event-stream", "x-request-id": "req_42" });
      res.end(sse({ content: "a" }));
    });
    const stream = server.alli.stream("/webapi/v2/chat/completions", chat);
    const response = await stream.response();
    expect(response.headers.get("x-request-id")).toBe("req_42");
    expect(await stream.text()).toBe("a");
    expect(server.requests).toHaveLength(1);
  });
});
