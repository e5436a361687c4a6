/**
 * Proxies: HTTP(S)_PROXY / ALL_PROXY / NO_PROXY read when the client is created, a `dispatcher`
 * option that overrides them, and a user's fetch from the undici package. The proxy is a loopback
 * CONNECT proxy the test starts; it records every tunnel it opens.
 */
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fetch as undiciFetch, ProxyAgent } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAlliClient } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";
import { ROOT } from "../helpers/spec.js";

let api: ScriptedServer;
let proxy: Server;
let proxyUrl: string;
const tunnels: string[] = [];
const sockets = new Set<Socket>();
const PROXY_VARIABLES = [
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "ALL_PROXY",
  "NO_PROXY",
  "http_proxy",
  "https_proxy",
  "all_proxy",
  "no_proxy",
];
const saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));

beforeAll(async () => {
  api = await startServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify([{ id: "project_1" }]));
  });
  proxy = createServer((_req, res) => res.writeHead(405).end());
  proxy.on("connect", (req, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? "");
    sockets.add(client);
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
});
afterEach(() => {
  tunnels.length = 0;
  for (const name of PROXY_VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await api.close();
});

const apiHost = () => new URL(api.url).host;
const listProjects = (options: Parameters<typeof createAlliClient>[0] = {}) =>
  createAlliClient({ apiKey: "k", baseUrl: api.url, ...options }).GET("/webapi/v2/projects");

describe("proxies from the environment", () => {
  it.each(["HTTP_PROXY", "http_proxy", "ALL_PROXY"])("%s sends the request through the proxy", async (name) => {
    process.env[name] = proxyUrl;
    const { data } = await listProjects();
    expect(data).toEqual([{ id: "project_1" }]);
    expect(tunnels).toEqual([apiHost()]);
  });

  it("NO_PROXY naming the host sends it directly", async () => {
    process.env.HTTP_PROXY = proxyUrl;
    process.env.NO_PROXY = "127.0.0.1";
    await listProjects();
    expect(tunnels).toEqual([]);
    expect(api.requests.length).toBeGreaterThan(0);
  });

  it("is read when the client is created, not at each request", async () => {
    const alli = createAlliClient({ apiKey: "k", baseUrl: api.url });
    process.env.HTTP_PROXY = proxyUrl;
    await alli.GET("/webapi/v2/projects");
    expect(tunnels).toEqual([]);
  });

  it("a dispatcher option overrides the environment", async () => {
    process.env.HTTP_PROXY = "http://127.0.0.1:9"; // nothing listens there
    const { data } = await listProjects({ dispatcher: new ProxyAgent(proxyUrl), maxRetries: 0 });
    expect(data).toEqual([{ id: "project_1" }]);
    expect(tunnels).toEqual([apiHost()]);
  });

  it("the CLI honours the same variables", async () => {
    const cli = join(ROOT, "src", "cli", "main.ts");
    const out = join(mkdtempSync(join(tmpdir(), "alli-proxy-")), "logs.csv");
    const run = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", cli, "audit-logs", "export", "--out", out, "--before-range", "1", "--base-url", api.url],
      {
        cwd: ROOT,
        env: { ...process.env, ALLI_API_KEY: "k", HTTP_PROXY: proxyUrl },
      },
    ).catch((e: { stderr: string }) => e);
    expect("stderr" in run ? run.stderr : "").not.toMatch(/ERR|ECONN/);
    expect(tunnels).toEqual([apiHost()]);
  });
});

describe("a fetch option", () => {
  it("takes the fetch of the undici package (another realm's Request is never handed to it)", async () => {
    const { data } = await listProjects({ fetch: undiciFetch });
    expect(data).toEqual([{ id: "project_1" }]);
  });
});
