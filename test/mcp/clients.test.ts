/**
 * `alli mcp` with clients other than the stdio Client: the MCP Inspector's CLI (its own process, its own client), and
 * the SDK's Streamable HTTP client against `--http`.
 */
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { request, type IncomingMessage } from "node:http";
import { connect } from "node:net";
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { describe, expect, inject, it } from "vitest";
import { allOperations, ROOT } from "../helpers/spec.js";
import { KEY, MAIN } from "./mcp-client.js";

const INSPECTOR = join(ROOT, "node_modules", "@modelcontextprotocol", "inspector-cli", "build", "index.js");
const GETS = allOperations().filter(({ method }) => method === "get");

describe("alli mcp with other clients", () => {
  it("the MCP Inspector CLI lists the read tools and calls one", async () => {
    const inspector = (...args: string[]) =>
      promisify(execFile)(
        process.execPath,
        [INSPECTOR, process.execPath, ...args, "--", "--import", "tsx", MAIN, "mcp", "--base-url", inject("prismUrl")],
        // Its own folder: inspector-cli 1.0.3 looks for "../package.json" from the working directory (a bug of its own).
        { cwd: dirname(INSPECTOR), env: { ...process.env, ALLI_API_KEY: KEY } },
      );
    const listed = JSON.parse((await inspector("--method", "tools/list")).stdout) as { tools: { name: string }[] };
    expect(listed.tools).toHaveLength(GETS.length);
    const called = await inspector("--method", "tools/call", "--tool-name", "getApp", "--tool-arg", "app_id=app_1");
    const result = JSON.parse(called.stdout) as { isError?: boolean; structuredContent: { id: string } };
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent.id).toEqual(expect.any(String));
  });

  it("--http serves Streamable HTTP on 127.0.0.1 until SIGTERM, refusing another Host, surviving a request target that is no URL", async () => {
    const args = ["--import", "tsx", MAIN, "mcp", "--http", "0", "--base-url", inject("prismUrl")];
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ALLI_API_KEY: KEY } });
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), "line")) as [string];
      const url = /on (http:\/\/127\.0\.0\.1:\d+\/mcp) /.exec(line)![1]!;
      const client = new Client({ name: "alli-sdk-test", version: "0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      expect((await client.listTools()).tools).toHaveLength(GETS.length);
      const result = await client.callTool({ name: "getApp", arguments: { app_id: "app_1" } });
      expect(result.structuredContent).toMatchObject({ id: expect.any(String) });
      await client.close();
      // A page that rebinds its own name to 127.0.0.1 sends its own Host: refused.
      const rebound = request(url, { method: "POST", headers: { host: "evil.example" } }).end("{}");
      const [answer] = (await once(rebound, "response")) as [IncomingMessage];
      expect(answer.statusCode).toBe(403);
      // A request target that is no URL (absolute-form, as HTTP allows) is answered, and the server goes on.
      const { port } = new URL(url);
      const socket = connect(Number(port), "127.0.0.1").end(`GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      const reply = await new Promise<string>((resolve) => {
        let text = "";
        socket.on("data", (chunk: Buffer) => (text += chunk.toString())).once("close", () => resolve(text));
      });
      expect(reply).toMatch(/^HTTP\/1\.1 404 /);
      const again = new Client({ name: "alli-sdk-test", version: "0" });
      await again.connect(new StreamableHTTPClientTransport(new URL(url)));
      expect((await again.listTools()).tools).toHaveLength(GETS.length);
      await again.close();
    } finally {
      child.kill("SIGTERM");
    }
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(0);
  });
});
