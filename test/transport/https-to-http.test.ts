/**
 * A redirect from https to http is never followed, not even for a GET: the request would leave
 * the encrypted channel. The https server is a loopback TLS server with a self-signed
 * certificate the test makes with openssl; the client trusts it through a `dispatcher` option.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent } from "undici";
import { afterAll, beforeAll, expect, it } from "vitest";
import { APIError, createAlliClient } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

let plain: ScriptedServer;
let secure: Server;
let secureUrl: string;
let cert: Buffer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "alli-tls-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  cert = readFileSync(join(dir, "cert.pem"));
  plain = await startServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"id":"app_1","name":"plain"}');
  });
  secure = createServer({ key: readFileSync(join(dir, "key.pem")), cert }, (req, res) => {
    if (req.url?.startsWith("/webapi/v2/apps/app_1"))
      res.writeHead(302, { location: `${plain.url}/webapi/v2/apps/app_1` }).end();
    else res.writeHead(302, { location: "/webapi/v2/apps/app_1" }).end();
  });
  await new Promise<void>((resolve) => secure.listen(0, "127.0.0.1", resolve));
  secureUrl = `https://127.0.0.1:${(secure.address() as { port: number }).port}`;
});
afterAll(async () => {
  secure.closeAllConnections();
  await new Promise<void>((resolve) => secure.close(() => resolve()));
  await plain.close();
  rmSync(dir, { recursive: true, force: true });
});

it("a GET redirected from https to http raises an APIError and the http server receives nothing", async () => {
  const alli = createAlliClient({
    apiKey: "tls-key",
    baseUrl: secureUrl,
    dispatcher: new Agent({ connect: { ca: cert } }),
  });
  const error = (await alli
    .GET("/webapi/v2/apps/{app_id}", { params: { path: { app_id: "app_1" } } })
    .catch((e: unknown) => e)) as APIError;
  expect(error).toBeInstanceOf(APIError);
  expect(error.status).toBe(302);
  expect(error.message).toMatch(/https to http/);
  expect(plain.requests).toHaveLength(0);
});

it("the same client follows a redirect within the https origin (the dispatcher's trust is used for every hop)", async () => {
  const alli = createAlliClient({
    apiKey: "tls-key",
    baseUrl: secureUrl,
    dispatcher: new Agent({ connect: { ca: cert } }),
  });
  // /webapi/v2/projects → /webapi/v2/apps/app_1 on the same origin, then to http: refused there.
  const error = (await alli.GET("/webapi/v2/projects").catch((e: unknown) => e)) as APIError;
  expect(error.message).toMatch(/https to http/);
  expect(plain.requests).toHaveLength(0);
});
