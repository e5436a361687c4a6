/**
 * Uploads by path (issue 20, items 3 and 4): a path must be a regular file, refused before anything is sent (a FIFO
 * would freeze the process as it is read, /dev/zero would go as an empty file), and a file goes from disk as it is
 * sent, not buffered whole, and is sent again whole on a retry and on a 307 redirect. Memory is measured by
 * bench/upload-memory.ts, not here.
 */
import { spawn, execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAlliClient, InvalidInputError, type ClientOptions } from "../../src/index.js";
import { startServer } from "../helpers/http-server.js";

const RUN = "/webapi/v2/apps/{app_id}/run_conversation" as const;
let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), "alli-uploads-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Uploads `files` (paths) to run_conversation with the client's options. */
const upload = (options: ClientOptions, files: string[]) =>
  createAlliClient({ apiKey: "k", ...options }).POST(RUN, {
    params: { path: { app_id: "app_1" } },
    body: { message: "summarise", files: files as unknown as Blob[] },
    parseAs: "text",
  });

describe("a path that is not a regular file", () => {
  it("a FIFO is refused, naming its field, before it is read or anything is sent", async () => {
    const server = await startServer((_req, res) => void res.end("{}"));
    const fifo = join(dir, "pipe");
    execFileSync("mkfifo", [fifo]);
    // A writer that comes after 2 s, in its own process: without the check, the read would block the event loop
    // until then (forever without a writer) and send what it wrote; with it, the writer is never needed.
    const writer = spawn("sh", ["-c", `sleep 2; exec echo written > '${fifo}'`], { stdio: "ignore" });
    try {
      const error = await upload({ baseUrl: server.url, maxRetries: 0 }, [fifo]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({ field: "body.files[0]" });
      expect((error as Error).message).toMatch(/not a regular file/);
      expect(server.requests).toHaveLength(0);
    } finally {
      writer.kill();
      await server.close();
    }
  });

  it("a device (/dev/zero) and a folder are refused too", async () => {
    const server = await startServer((_req, res) => void res.end("{}"));
    const file = join(dir, "ok.txt");
    writeFileSync(file, "ok");
    mkdirSync(join(dir, "folder"));
    try {
      for (const [index, path] of [
        [1, "/dev/zero"],
        [0, join(dir, "folder")],
      ] as const) {
        const files = index === 1 ? [file, path] : [path];
        const error = await upload({ baseUrl: server.url, maxRetries: 0 }, files).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidInputError);
        expect(error).toMatchObject({ field: `body.files[${index}]` });
        expect((error as Error).message).toMatch(/not a regular file/);
      }
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});

describe("a large file uploaded by path", () => {
  const SIZE = 64 * 1024 * 1024;
  let file: string, expected: string;
  type Received = { url: string; bytes: number; length: string | undefined; message: string; hash: string };
  let received: Received[];
  let server: Server, url: string;
  beforeAll(async () => {
    file = join(dir, "large.bin");
    const data = randomBytes(SIZE);
    writeFileSync(file, data);
    expected = createHash("sha256").update(data).digest("hex");
    // Each request's body is read whole, its file part hashed, and dropped: 503 (Retry-After: 0), then a 307 to
    // another path of the same origin, then 200.
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const boundary = /boundary=(.+)$/.exec(req.headers["content-type"] ?? "")![1]!;
      const start = body.indexOf("\r\n\r\n", body.indexOf('filename="large.bin"')) + 4;
      const end = body.lastIndexOf(`\r\n--${boundary}--\r\n`);
      const message = /name="message"\r\n\r\n([^\r]*)\r\n/.exec(body.subarray(0, 4096).toString())?.[1] ?? "";
      const hash = createHash("sha256").update(body.subarray(start, end)).digest("hex");
      const index = received.push({
        url: req.url!,
        bytes: body.length,
        length: req.headers["content-length"],
        message,
        hash,
      });
      if (index === 1) res.writeHead(503, { "retry-after": "0" }).end();
      else if (index === 2) res.writeHead(307, { location: "/moved/run_conversation" }).end();
      else res.writeHead(200, { "content-type": "text/plain" }).end("done");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const bodiesGivenToFetch: unknown[] = [];
  const wires: Record<string, () => ClientOptions> = {
    "node:http (then undici)": () => ({}),
    "undici (a dispatcher)": () => ({ dispatcher: new Agent() }),
    "a fetch function": () => ({
      fetch: (target, init) => (bodiesGivenToFetch.push(init.body), fetch(target, init as RequestInit)),
    }),
  };
  it.each(Object.keys(wires))("is sent whole on each attempt and redirect, through %s", async (name) => {
    received = [];
    const { data } = await upload({ baseUrl: url, ...wires[name]!() }, [file]);
    expect(data).toBe("done");
    expect(received.map((r) => r.url)).toEqual([
      "/webapi/v2/apps/app_1/run_conversation",
      "/webapi/v2/apps/app_1/run_conversation",
      "/moved/run_conversation",
    ]);
    for (const r of received) {
      expect(r.hash).toBe(expected);
      expect(r.message).toBe("summarise");
      expect(r.bytes).toBeGreaterThan(SIZE);
      expect(r.length).toBe(String(r.bytes));
    }
  });

  it("goes to the wire as a Blob read from disk as it is sent, not as bytes in memory", () => {
    // Compared as kinds: a failure must not print 64 MiB of bytes.
    const kinds = bodiesGivenToFetch.map((body) => (body instanceof Blob ? "Blob" : body?.constructor.name));
    expect(kinds).toEqual(["Blob", "Blob", "Blob"]);
  });
});

describe("the multipart encoding", () => {
  it("is byte for byte what fetch makes of the same FormData (escaped names, CRLF line breaks), but the boundary", async () => {
    const server = await startServer((_req, res) => void res.end("{}"));
    const form = new FormData();
    form.append('a "quoted"\r\nname', "line\nbreaks\rand\r\nCRLF, 한국어");
    form.append("files", new File(["bytes"], 'we"ird\nname.txt', { type: "text/plain" }));
    form.append("files", new Blob([new Uint8Array([0, 255])]));
    form.append("files", new File(["no name"], ""));
    try {
      await createAlliClient({ apiKey: "k", baseUrl: server.url, maxRetries: 0 }).POST(RUN, {
        params: { path: { app_id: "app_1" } },
        body: form as never,
        parseAs: "text",
      });
      const sent = server.requests[0]!;
      const reference = new Response(form);
      const neutral = (body: Buffer, type: string) =>
        body.toString("latin1").split(type.split("boundary=")[1]!).join("B");
      expect(neutral(sent.body, String(sent.headers["content-type"]))).toBe(
        neutral(Buffer.from(await reference.arrayBuffer()), reference.headers.get("content-type")!),
      );
      expect(sent.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=\S+$/);
    } finally {
      await server.close();
    }
  });
});
