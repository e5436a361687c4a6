/** alli.withOptions: other defaults, the same connection pool, the original unchanged. */
import { Agent } from "undici";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createAlliClient } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

let server: ScriptedServer;
const ports: number[] = [];
beforeAll(async () => {
  server = await startServer((req, res) => {
    ports.push(req.socket.remotePort!);
    res.writeHead(200, { "content-type": "application/json" });
    res.end("[]");
  });
});
afterAll(() => server.close());

it("sends with the new defaults over the original's connections, and leaves the original as it was", async () => {
  // A dispatcher of the caller's: the pool is the one transport from the first call (the default
  // moves from node:http to undici after the first answer, which would open a second connection).
  const dispatcher = new Agent();
  const options = {
    apiKey: "k",
    baseUrl: server.url,
    headers: { "X-Team": "a" },
    user: { agentEmail: "agent@example.com" },
    dispatcher,
  };
  const alli = createAlliClient(options);
  const derived = alli.withOptions({
    headers: { "X-Trace": "t1" },
    user: { userEmail: "user@example.com" },
    maxRetries: 0,
  });
  // A pause between calls lets each connection go back to the pool before the next call.
  const pause = () => new Promise((resolve) => setTimeout(resolve, 30));
  await alli.GET("/webapi/v2/projects");
  await pause();
  await derived.GET("/webapi/v2/projects");
  await pause();
  await alli.GET("/webapi/v2/projects");
  const [first, second, third] = server.requests.slice(-3).map((r) => r.headers);
  expect(second).toMatchObject({
    "x-team": "a",
    "x-trace": "t1",
    "agent-email": "agent@example.com",
    "user-email": "user@example.com",
    "api-key": "k",
  });
  expect(first!["x-trace"]).toBeUndefined();
  expect(third!["x-trace"]).toBeUndefined();
  expect(third!["user-email"]).toBeUndefined();
  // One keep-alive connection served all three: the pool is shared.
  expect(new Set(ports.slice(-3)).size).toBe(1);
  await dispatcher.close();
});

it("checks the new options as the constructor does", () => {
  const alli = createAlliClient({ apiKey: "k", baseUrl: server.url });
  expect(() => alli.withOptions({ timeout: -1 })).toThrow(/timeout/);
});

it("gives a client with every method, sending with the new defaults", async () => {
  const derived = createAlliClient({ apiKey: "k", baseUrl: server.url }).withOptions({
    headers: { "X-Job": "nightly" },
  });
  await derived.getProject();
  expect(server.requests.at(-1)!.headers["x-job"]).toBe("nightly");
  expect(server.requests.at(-1)!.url).toBe("/webapi/v2/projects");
});
