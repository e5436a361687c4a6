/**
 * Leaving a stream early closes its HTTP connection (the server sees its side close), with no
 * unhandled rejection afterwards: break, an AbortSignal, abort(), or cancelling the ReadableStream.
 */
import { describe, expect, it } from "vitest";
import { APIUserAbortError } from "../../src/index.js";
import { chat, sse, sseHead, startStreamServer } from "./stream-server.js";

/** A server that sends two events and then keeps the response open until the client goes. */
function endless() {
  return startStreamServer((res) => {
    sseHead(res);
    res.write(sse({ content: "one" }) + sse({ content: "two" }));
  });
}

describe("closing the connection", () => {
  it("closes it when the loop breaks", async () => {
    const server = await endless();
    const seen: unknown[] = [];
    for await (const event of server.alli.stream("/webapi/v2/chat/completions", chat)) {
      seen.push(event);
      break;
    }
    expect(seen).toEqual([{ content: "one" }]);
    await server.hungUp();
  });

  it("closes it when the loop throws", async () => {
    const server = await endless();
    await expect(
      (async () => {
        for await (const _ of server.alli.stream("/webapi/v2/chat/completions", chat))
          throw new Error("consumer failed");
      })(),
    ).rejects.toThrow("consumer failed");
    await server.hungUp();
  });

  it("closes it on the caller's AbortSignal, and the loop raises APIUserAbortError", async () => {
    const server = await endless();
    const controller = new AbortController();
    const seen: unknown[] = [];
    const loop = (async () => {
      for await (const event of server.alli.stream("/webapi/v2/chat/completions", {
        ...chat,
        signal: controller.signal,
      })) {
        seen.push(event);
        if (seen.length === 2) controller.abort(new Error("user left"));
      }
    })();
    await expect(loop).rejects.toBeInstanceOf(APIUserAbortError);
    expect(seen).toEqual([{ content: "one" }, { content: "two" }]);
    await server.hungUp();
  });

  it("closes it when the signal aborts while the loop waits for the next event", async () => {
    const server = await endless();
    const controller = new AbortController();
    const stream = server.alli.stream("/webapi/v2/chat/completions", { ...chat, signal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    const waiting = iterator.next();
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(APIUserAbortError);
    await server.hungUp();
  });

  it("sends nothing when the signal is aborted before reading starts", async () => {
    const server = await endless();
    const controller = new AbortController();
    controller.abort();
    await expect(
      server.alli.stream("/webapi/v2/chat/completions", { ...chat, signal: controller.signal }).text(),
    ).rejects.toBeInstanceOf(APIUserAbortError);
    expect(server.requests).toHaveLength(0);
  });

  it("closes it on stream.abort(), and the read in progress raises APIUserAbortError", async () => {
    const server = await endless();
    const stream = server.alli.stream("/webapi/v2/chat/completions", chat);
    const seen: unknown[] = [];
    const loop = (async () => {
      for await (const event of stream) seen.push(event);
    })();
    // abort once the first events are in: the read for the third is then waiting
    while (seen.length < 2) await new Promise((resolve) => setImmediate(resolve));
    stream.abort();
    await expect(loop).rejects.toBeInstanceOf(APIUserAbortError);
    await server.hungUp();
  });

  it("closes it when the ReadableStream is cancelled", async () => {
    const server = await endless();
    const reader = server.alli.stream("/webapi/v2/chat/completions", chat).toReadableStream().getReader();
    const first = await reader.read();
    expect(JSON.parse(new TextDecoder().decode(first.value))).toEqual({ content: "one" });
    await reader.cancel();
    await server.hungUp();
  });

  it("closes it when reading stops before the response's headers arrive", async () => {
    // The server never answers: only the client can end this request.
    const server = await startStreamServer(() => new Promise<void>(() => {}));
    const stream = server.alli.stream("/webapi/v2/chat/completions", chat);
    const reader = stream.toReadableStream().getReader();
    const pending = reader.read();
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await reader.cancel();
    await server.hungUp();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
  });

  it("closes it after the [DONE] sentinel, even if the server keeps the response open", async () => {
    const server = await startStreamServer((res) => {
      sseHead(res);
      res.write(sse({ content: "a" }) + "data: [DONE]\n\n");
    });
    expect(await server.alli.stream("/webapi/v2/chat/completions", chat, { idleTimeout: 0 }).text()).toBe("a");
    await server.hungUp();
  });
});
