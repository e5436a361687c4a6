/**
 * Failures are never silent: error events, drops, cut-off events, silences and non-2xx answers
 * each raise the SDK's error for them, after the events that did arrive.
 */
import { describe, expect, it } from "vitest";
import {
  AlliError,
  APIError,
  APITimeoutError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  RateLimitError,
  StreamInterruptedError,
} from "../../src/index.js";
import { TextCollector } from "../../src/features/streaming/read-events.js";

const collectText = (events: unknown[]) =>
  events.reduce<TextCollector>((collector, event) => (collector.add(event), collector), new TextCollector()).text;
import { chat, sse, sseHead, startStreamServer } from "./stream-server.js";

/** Reads a stream to its end; returns the events and the error it ended with. */
async function drain(stream: AsyncIterable<unknown>): Promise<{ events: unknown[]; error: unknown }> {
  const events: unknown[] = [];
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    return { events, error };
  }
  return { events, error: undefined };
}

describe("error events and error objects", () => {
  it("raises an SSE error event as an APIError with the server's message and the operation, after the events before it", async () => {
    const server = await startStreamServer((res) => {
      sseHead(res);
      res.write(sse({ content: "partial" }));
      res.end(
        'event: error\ndata: {"message":"model overloaded","type":"overloaded_error"}\n\n' +
          sse({ content: "never read" }),
      );
    });
    const { events, error } = await drain(server.alli.stream("/webapi/v2/chat/completions", chat));
    expect(events).toEqual([{ content: "partial" }]);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toContain("model overloaded");
    expect((error as APIError).operation).toMatchObject({
      method: "POST",
      path: "/webapi/v2/chat/completions",
      operationId: "createChatCompletion",
    });
    expect((error as APIError).body).toEqual({ message: "model overloaded", type: "overloaded_error" });
  });

  it("raises an error object in a JSON stream with the class of the status it carries", async () => {
    const server = await startStreamServer((res) => {
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      res.end('{"delta":"a"}\n{"error":{"message":"Too many requests","status":429}}\n');
    });
    const { events, error } = await drain(server.alli.stream("/webapi/v2/chat/completions", chat));
    expect(events).toEqual([{ delta: "a" }]);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).status).toBe(429);
    expect((error as RateLimitError).message).toContain("Too many requests");
  });

  it("raises an errors list, and a plain-text error event, with their messages", async () => {
    const server = await startStreamServer((res, _req, _body, index) => {
      sseHead(res);
      res.end(
        index === 0 ? sse({ errors: [{ message: "app not found" }] }) : "event: error\ndata: upstream failed\n\n",
      );
    });
    const first = await drain(server.alli.stream("/webapi/generative_answer", { body: { query: "q" } }));
    expect((first.error as APIError).message).toContain("app not found");
    const second = await drain(server.alli.stream("/webapi/generative_answer", { body: { query: "q" } }));
    expect((second.error as APIError).message).toContain("upstream failed");
  });

  it("does not take errors: null (how the API's bodies say all is well) for an error", async () => {
    const server = await startStreamServer((res) => {
      sseHead(res);
      res.end(sse({ answer: "fine", errors: null }) + sse({ answer: "fine.", errors: {} }));
    });
    expect(await drain(server.alli.stream("/webapi/generative_answer", { body: { query: "q" } }))).toEqual({
      events: [
        { answer: "fine", errors: null },
        { answer: "fine.", errors: {} },
      ],
      error: undefined,
    });
  });

  it("raises an AlliError naming the problem when a 200 body is neither SSE nor JSON (a proxy's HTML page)", async () => {
    const server = await startStreamServer((res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body>Please sign in to the proxy</body></html>");
    });
    const { events, error } = await drain(server.alli.stream("/webapi/v2/chat/completions", chat));
    expect(events).toEqual([]);
    expect(error).toBeInstanceOf(AlliError);
    expect((error as AlliError).message).toMatch(/neither Server-Sent Events nor JSON.*Please sign in/);
  });

  it("raises a non-2xx answer before the stream starts as the status's error", async () => {
    const server = await startStreamServer(
      (res, _req, _body, index) => {
        const status = [401, 400, 500][index]!;
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: `refused with ${status}` }));
      },
      { maxRetries: 0 },
    );
    for (const ErrorClass of [AuthenticationError, BadRequestError, InternalServerError]) {
      const { events, error } = await drain(server.alli.stream("/webapi/v2/chat/completions", chat));
      expect(events).toEqual([]);
      expect(error).toBeInstanceOf(ErrorClass);
      expect((error as APIError).message).toMatch(/refused with \d{3}/);
    }
  });
});

describe("streams that break off", () => {
  it("raises StreamInterruptedError with the events so far when the connection drops mid-stream", async () => {
    const server = await startStreamServer(async (res) => {
      sseHead(res);
      res.write(sse({ content: "안녕" }) + sse({ content: "하세요" }) + 'data: {"content":"cut');
      await new Promise((resolve) => setTimeout(resolve, 20));
      res.socket!.destroy();
    });
    const { events, error } = await drain(server.alli.stream("/webapi/v2/chat/completions", chat));
    expect(events).toEqual([{ content: "안녕" }, { content: "하세요" }]);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    const interrupted = error as StreamInterruptedError;
    expect(interrupted.reason).toBe("connection-lost");
    expect(interrupted.events).toEqual(events);
    expect(interrupted.eventCount).toBe(2);
    expect(collectText(interrupted.events)).toBe("안녕하세요");
    expect(interrupted.operation?.operationId).toBe("createChatCompletion");
  });

  it("raises StreamInterruptedError when fewer bytes than Content-Length arrive", async () => {
    const server = await startStreamServer((res) => {
      const body = sse({ content: "a" });
      res.writeHead(200, { "content-type": "text/event-stream", "content-length": body.length + 100 });
      res.write(body);
      setTimeout(() => res.socket!.destroy(), 20);
    });
    const { events, error } = await drain(server.alli.stream("/webapi/v2/chat/completions", chat));
    expect(events).toEqual([{ content: "a" }]);
    expect((error as StreamInterruptedError).reason).toBe("connection-lost");
  });

  it("raises StreamInterruptedError when the body ends cleanly in the middle of an event", async () => {
    const server = await startStreamServer((res) => {
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      res.end('{"delta":"a"}\n{"delta":"b", "usage": {');
    });
    const { events, error } = await drain(server.alli.stream("/webapi/v2/chat/completions", chat));
    expect(events).toEqual([{ delta: "a" }]);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).reason).toBe("truncated");
    expect((error as StreamInterruptedError).events).toEqual([{ delta: "a" }]);
  });

  it("keeps only the latest keepEvents events on the error, and counts them all", async () => {
    const server = await startStreamServer((res) => {
      sseHead(res);
      res.write(Array.from({ length: 25 }, (_, n) => sse({ n })).join(""));
      setTimeout(() => res.socket!.destroy(), 20);
    });
    const { events, error } = await drain(server.alli.stream("/webapi/v2/chat/completions", chat, { keepEvents: 4 }));
    expect(events).toHaveLength(25);
    expect((error as StreamInterruptedError).events).toEqual([{ n: 21 }, { n: 22 }, { n: 23 }, { n: 24 }]);
    expect((error as StreamInterruptedError).eventCount).toBe(25);
  });
});

describe("the idle timeout", () => {
  it("ends a stream that goes silent mid-way with StreamInterruptedError, and closes the connection", async () => {
    const server = await startStreamServer((res) => {
      sseHead(res);
      res.write(sse({ content: "only this" })); // then nothing, and the response stays open
    });
    const { events, error } = await drain(
      server.alli.stream("/webapi/v2/chat/completions", chat, { idleTimeout: 150 }),
    );
    expect(events).toEqual([{ content: "only this" }]);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).reason).toBe("idle-timeout");
    expect((error as StreamInterruptedError).message).toContain("150 ms");
    expect((error as StreamInterruptedError).events).toEqual([{ content: "only this" }]);
    await server.hungUp();
  });

  it("restarts on every chunk: keep-alive comments keep a slow stream alive", async () => {
    const server = await startStreamServer(async (res) => {
      sseHead(res);
      for (let i = 0; i < 8; i++) {
        res.write(": keep-alive\n\n");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      res.end(sse({ content: "after 400 ms" }));
    });
    expect(await drain(server.alli.stream("/webapi/v2/chat/completions", chat, { idleTimeout: 300 }))).toEqual({
      events: [{ content: "after 400 ms" }],
      error: undefined,
    });
  });

  it("still bounds the wait for the response's headers by the request timeout", async () => {
    const server = await startStreamServer(() => new Promise<void>(() => {})); // never answers
    const { error } = await drain(
      server.alli.stream("/webapi/v2/chat/completions", { ...chat, timeout: 100, maxRetries: 0 }),
    );
    expect(error).toBeInstanceOf(APITimeoutError);
    await server.hungUp();
  });

  it("lets a live stream run past the request timeout, which covers only the wait for headers", async () => {
    const server = await startStreamServer(async (res) => {
      sseHead(res);
      for (let i = 0; i < 6; i++) {
        res.write(sse({ n: i }));
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      res.end();
    });
    const { events, error } = await drain(server.alli.stream("/webapi/v2/chat/completions", { ...chat, timeout: 100 }));
    expect(error).toBeUndefined();
    expect(events).toEqual([0, 1, 2, 3, 4, 5].map((n) => ({ n })));
  });
});
