/**
 * alli.stream over a real loopback connection: what it sends, each wire format it reads, chunking
 * at every byte boundary, and that each event is handed on as soon as its bytes are in.
 */
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../src/index.js";
import {
  CONCATENATED_SAMPLE,
  CONCATENATED_SAMPLE_EVENTS,
  NDJSON_SAMPLE,
  NDJSON_SAMPLE_EVENTS,
  SSE_SAMPLE,
  SSE_SAMPLE_EVENTS,
  utf8,
} from "./fixtures.js";
import { chat, gate, sse, sseHead, startStreamServer } from "./stream-server.js";

async function all<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const events: T[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe("the streaming request", () => {
  it("POSTs the body with the spec's trigger set, and asks for the declared streaming media types", async () => {
    const server = await startStreamServer((res) => {
      sseHead(res);
      res.end(sse({ content: "ok" }));
    });
    const body = { messages: [{ role: "user" as const, content: "안녕" }] };
    await all(server.alli.stream("/webapi/v2/chat/completions", { body }));
    const [request] = server.requests;
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe("/webapi/v2/chat/completions");
    expect(JSON.parse(request!.body.toString())).toEqual({ ...body, mode: "stream" });
    expect(request!.headers.accept).toMatch(/^text\/event-stream\b/);
    expect(request!.headers.accept).toContain("application/json");
    expect(request!.headers["api-key"]).toBe("test-key");
    expect(body).not.toHaveProperty("mode"); // the caller's object is left as it was
  });

  it("lets the caller's own Accept header and per-call headers through", async () => {
    const server = await startStreamServer((res) => {
      sseHead(res);
      res.end();
    });
    await all(
      server.alli.stream("/webapi/generative_answer", {
        body: { query: "q" },
        headers: { Accept: "application/x-ndjson", "X-Trace": "t1" },
      }),
    );
    expect(server.requests[0]!.headers.accept).toBe("application/x-ndjson");
    expect(server.requests[0]!.headers["x-trace"]).toBe("t1");
  });

  it("sends run_conversation as multipart with its files and no trigger field (it always streams)", async () => {
    // Prism 5 answers 422 "must be array" to any filled array-of-files multipart field however
    // right the wire format (stoplightio/prism#2654), so file parts are checked here, against a
    // server that parses the multipart body itself; the Prism test sends no files.
    let form: FormData | undefined;
    const server = await startStreamServer(async (res, req, body) => {
      form = await new Request("http://x/", {
        method: "POST",
        headers: { "content-type": req.headers["content-type"]! },
        body: new Uint8Array(body),
      }).formData();
      sseHead(res);
      res.end(sse({ message: "received", completed: true }));
    });
    const events = await all(
      server.alli.stream("/webapi/v2/apps/{app_id}/run_conversation", {
        params: { path: { app_id: "app 1" } },
        body: {
          message: "見て",
          files: [new Blob(["first file"]), new File([new Uint8Array([1, 2, 3])], "bytes.bin")],
          choices: [0, 2] as never,
        },
      }),
    );
    expect(events).toEqual([{ message: "received", completed: true }]);
    expect(server.requests[0]!.url).toBe("/webapi/v2/apps/app%201/run_conversation");
    expect(server.requests[0]!.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(form!.get("message")).toBe("見て");
    expect(form!.get("choices")).toBe("[0,2]");
    expect(form!.has("mode")).toBe(false);
    const files = form!.getAll("files") as File[];
    expect(files).toHaveLength(2);
    expect(await files[0]!.text()).toBe("first file");
    expect(files[1]!.name).toBe("bytes.bin");
    expect([...new Uint8Array(await files[1]!.arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it("refuses a path that does not stream, and bad options, before the network", async () => {
    const server = await startStreamServer((res) => {
      res.end();
    });
    const stream = server.alli.stream as (...args: unknown[]) => unknown;
    expect(() => stream("/webapi/send_chat", { body: {} })).toThrow(InvalidInputError);
    expect(() => stream("/webapi/v2/chat/completions", chat, { idleTimeout: -1 })).toThrow(/options\.idleTimeout/);
    expect(() => stream("/webapi/v2/chat/completions", chat, { keepEvents: 1.5 })).toThrow(/options\.keepEvents/);
    expect(() => stream("/webapi/v2/chat/completions", { body: "text" })).toThrow(/body: must be an object/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("each wire format", () => {
  it.each([
    ["text/event-stream", SSE_SAMPLE, SSE_SAMPLE_EVENTS],
    ["application/x-ndjson", NDJSON_SAMPLE, NDJSON_SAMPLE_EVENTS],
    ["application/json (objects back to back)", CONCATENATED_SAMPLE, CONCATENATED_SAMPLE_EVENTS],
    ["no content type (SSE by its first bytes)", SSE_SAMPLE, SSE_SAMPLE_EVENTS],
  ])("reads %s", async (label, body, expected) => {
    const contentType = label.split(" ")[0]!;
    const server = await startStreamServer((res) => {
      res.writeHead(200, contentType === "no" ? {} : { "content-type": contentType });
      res.end(body);
    });
    expect(await all(server.alli.stream("/webapi/v2/chat/completions", chat))).toEqual(expected);
  });

  it("reads a plain JSON answer (a server that ignored the stream request) as one event", async () => {
    const answer = { answer: "Alli answers.", errors: null, citations: [] };
    const server = await startStreamServer((res) => {
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(JSON.stringify(answer)),
      });
      res.end(JSON.stringify(answer));
    });
    const result = await server.alli.stream("/webapi/generative_answer", { body: { query: "q" } }).final();
    expect(result).toEqual({ last: answer, text: "Alli answers.", eventCount: 1 });
  });

  it("reads the same events at every byte boundary of a sample stream", async () => {
    const bytes = utf8(SSE_SAMPLE);
    const server = await startStreamServer(async (res, _req, body) => {
      const at = Number(JSON.parse(body.toString()).messages[0].content);
      sseHead(res);
      res.write(bytes.subarray(0, at));
      await new Promise((resolve) => setImmediate(resolve));
      res.end(bytes.subarray(at));
    });
    for (let at = 1; at < bytes.length; at++) {
      const events = await all(
        server.alli.stream("/webapi/v2/chat/completions", {
          body: { messages: [{ role: "user", content: String(at) }] },
        }),
      );
      expect(events, `split at byte ${at}`).toEqual(SSE_SAMPLE_EVENTS);
    }
  });

  it("reads the same events when the server writes one byte at a time", async () => {
    const bytes = utf8(SSE_SAMPLE);
    const server = await startStreamServer(async (res) => {
      sseHead(res);
      for (let i = 0; i < bytes.length; i++) {
        res.write(bytes.subarray(i, i + 1));
        await new Promise((resolve) => setImmediate(resolve));
      }
      res.end();
    });
    expect(await all(server.alli.stream("/webapi/v2/chat/completions", chat))).toEqual(SSE_SAMPLE_EVENTS);
  });
});

describe("latency", () => {
  it("hands on the first event while the server pauses before sending the rest", async () => {
    const resume = gate();
    let restSent = false;
    const server = await startStreamServer(async (res) => {
      sseHead(res);
      res.write(sse({ content: "first" }));
      // The pause lasts until the test has the first event (or, if it never comes, 10 s).
      await Promise.race([resume.opened, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      restSent = true;
      res.end(sse({ content: "second" }) + sse({ content: "third" }));
    });
    const seen: Array<{ event: unknown; restSent: boolean }> = [];
    for await (const event of server.alli.stream("/webapi/v2/chat/completions", chat)) {
      seen.push({ event, restSent });
      resume.open();
    }
    expect(seen).toEqual([
      { event: { content: "first" }, restSent: false },
      { event: { content: "second" }, restSent: true },
      { event: { content: "third" }, restSent: true },
    ]);
  });
});
