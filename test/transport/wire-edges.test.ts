/**
 * What the SDK's own transport must do whichever wire carries a call (node:http before undici
 * loads, undici after): settle on answers no API sends, resend a request the server's closing of
 * a kept-alive connection never let through, and send URLs and headers the server can read.
 */
import { createServer as createTcpServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { AlliError, createAlliClient, type ClientOptions } from "../../src/index.js";
import { startServer, type Handler, type ScriptedServer } from "../helpers/http-server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const serve = async (handler: Handler, options: ClientOptions = {}) => {
  server = await startServer(handler);
  return createAlliClient({ apiKey: "k", baseUrl: server.url, maxRetries: 0, ...options });
};
const json =
  (body: unknown): Handler =>
  (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

describe("answers no API sends", () => {
  it("a 101 Switching Protocols settles the call (it does not hang past its timeout)", async () => {
    const tcp: Server = createTcpServer((socket) =>
      socket.once("data", () =>
        socket.write("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: x\r\n\r\n"),
      ),
    );
    await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
    const { port } = tcp.address() as { port: number };
    const alli = createAlliClient({ apiKey: "k", baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0, timeout: 2_000 });
    try {
      await expect(alli.getProject()).rejects.toBeInstanceOf(AlliError);
      await expect(alli.createLlmPrompt({ name: "p" } as never)).rejects.toBeInstanceOf(AlliError);
    } finally {
      tcp.close();
    }
  });
});

describe("kept-alive connections the server closes", () => {
  it("a POST on a pooled connection the server resets unanswered goes again on a new one", async () => {
    // Each connection answers its first request, then resets at the next: what a server closing an idle
    // kept-alive connection as the client reuses it looks like, made deterministic.
    const tcp: Server = createTcpServer((socket) => {
      let answered = false;
      socket.on("data", () => {
        if (answered) return void socket.resetAndDestroy();
        answered = true;
        socket.write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}");
      });
    });
    await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
    const { port } = tcp.address() as { port: number };
    const alli = createAlliClient({ apiKey: "k", baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
    try {
      // The second call follows the first at once, on node:http's pool (undici loads only after the first answer).
      for (let i = 0; i < 2; i++) expect(await alli.createLlmPrompt({ name: `p${i}` } as never)).toEqual({});
    } finally {
      tcp.close();
    }
  });
});

describe("what is sent", () => {
  it("a literal path with a space or non-ASCII is escaped, and a fragment dropped", async () => {
    const alli = await serve(json({ ok: true }));
    await alli.GET("/webapi/v9/my app/ü#frag" as never);
    expect(server!.requests.at(-1)!.url).toBe("/webapi/v9/my%20app/%C3%BC");
  });

  it("the audit-log download asks for text/csv even when the client's headers ask for JSON", async () => {
    const alli = await serve(
      (_req, res) => {
        res.writeHead(200, { "content-type": "text/csv" });
        res.end("id\nlog_1\n");
      },
      { headers: { Accept: "application/json" } },
    );
    expect(await alli.downloadAuditLogs()).toBe("id\nlog_1\n");
    expect(server!.requests.at(-1)!.headers.accept).toBe("text/csv");
  });

  it("a multipart upload keeps its boundary whatever Content-Type the client's headers set", async () => {
    const alli = await serve(
      (_req, res) => {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.end('data: {"message": "ok", "completed": true}\n\n');
      },
      { headers: { "Content-Type": "application/json" } },
    );
    await alli.runConversation("app_1", { message: "hi", files: [new Blob(["x"])] }).text();
    expect(server!.requests.at(-1)!.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
  });
});

describe("what is read", () => {
  it("a declared Content-Length past maxResponseBytes is refused before the body is read", async () => {
    const alli = await serve(
      (_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": "1000000" });
        res.write("{"); // and then nothing: only the declared length can end this call early
      },
      { maxResponseBytes: 1000, timeout: 60_000 },
    );
    await expect(alli.getProject()).rejects.toThrow(/larger than maxResponseBytes \(1000 bytes\)/);
  });

  it("parseAs stream on a 204 gives no stream", async () => {
    const alli = await serve((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const { data } = await alli.GET("/webapi/v2/projects", { parseAs: "stream" });
    expect(data).toBeUndefined();
  });

  it("a fetch option whose Response has no body stream is read whole", async () => {
    const fetch: ClientOptions["fetch"] = async () => ({
      status: 200,
      statusText: "OK",
      headers: new Headers({ "content-type": "application/json" }),
      body: null,
      arrayBuffer: async () => new TextEncoder().encode('{"x":1}').buffer,
    });
    const alli = createAlliClient({ apiKey: "k", baseUrl: "http://127.0.0.1:9", fetch });
    expect(await alli.getProject()).toEqual({ x: 1 });
  });
});
