/**
 * `alli verify` against a conforming API (the Prism mock of the spec) and against one that drifts
 * (a loopback proxy in front of Prism that changes one answer): the lines it prints, its exit
 * code, and that it only ever sends GETs.
 */
import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, inject, it } from "vitest";
import type { CliContext } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/run-cli.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";
import { allOperations } from "../helpers/spec.js";

function context(env: Record<string, string | undefined> = { ALLI_API_KEY: "verify-key" }) {
  const ctx = {
    out: "",
    err: "",
    env,
    stdout: { write: (t: string) => (ctx.out += t) },
    stderr: { write: (t: string) => (ctx.err += t) },
    onInterrupt: () => () => {},
  };
  return ctx as typeof ctx & CliContext;
}

type Rewrite = (
  path: string,
  status: number,
  headers: Record<string, string>,
  body: string,
) => { status?: number; headers?: Record<string, string>; body?: string } | undefined;

/** Forwards to Prism, recording every request; `rewrite` may change an answer on its way back. */
function proxy(rewrite: Rewrite = () => undefined): Promise<ScriptedServer> {
  const prism = new URL(inject("prismUrl"));
  return startServer(
    (req, res, body) =>
      new Promise<void>((resolve, reject) => {
        const upstream = httpRequest(
          {
            host: prism.hostname,
            port: prism.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: prism.host },
          },
          (answer) => {
            const chunks: Buffer[] = [];
            answer.on("data", (c: Buffer) => chunks.push(c));
            answer.on("end", () => {
              const headers = Object.fromEntries(
                Object.entries(answer.headers).filter(
                  ([k]) => !["content-length", "transfer-encoding", "connection"].includes(k),
                ),
              ) as Record<string, string>;
              const text = Buffer.concat(chunks).toString("utf8");
              const changed = rewrite(new URL(req.url!, "http://x").pathname, answer.statusCode!, headers, text) ?? {};
              res.writeHead(changed.status ?? answer.statusCode!, changed.headers ?? headers);
              res.end(changed.body ?? text);
              resolve();
            });
          },
        );
        upstream.on("error", reject);
        upstream.end(body);
      }),
  );
}

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const GETS = allOperations().filter(({ method }) => method === "get");

describe("alli verify", () => {
  it("against a conforming API: a line per GET, each ok or skipped with its reason, exit 0, and only GETs sent", async () => {
    server = await proxy();
    const ctx = context();
    expect(await runCli(["verify", "--base-url", server.url], ctx)).toBe(0);
    const lines = ctx.out.trimEnd().split("\n");
    for (const { path, operation } of GETS) {
      expect(lines.filter((l) => l.startsWith(`${operation.operationId} GET ${path}: `))).toHaveLength(1);
    }
    expect(lines.filter((l) => / GET \S+: (ok|skipped: .+)$/.test(l))).toHaveLength(GETS.length);
    // Ids come from the lists: the chat of a conversation of the list was checked.
    expect(ctx.out).toContain("getConversationChat GET /webapi/v2/conversations/{conversation_id}/chats/{chat_id}: ok");
    expect(ctx.out).toMatch(/getAppCallStatistics GET \S+: skipped: needs startDate, endDate/);
    expect(lines.at(-1)).toMatch(/^alli verify: \d+ ok, 0 drifted, 0 failed, 2 skipped, against http/);
    expect(new Set(server.requests.map((r) => r.method))).toEqual(new Set(["GET"]));
    expect(server.requests).toHaveLength(GETS.length - 2);
    expect(ctx.err).toBe("");
  });

  it("against an API whose answer drifts: names the operation, the pointer and the reason, exit 1", async () => {
    server = await proxy((path, _status, headers, body) => {
      if (path === "/webapi/v2/apps/app_1" || /^\/webapi\/v2\/apps\/[^/]+$/.test(path))
        return { body: JSON.stringify({ ...JSON.parse(body), name: 42 }) };
      if (path === "/webapi/v2/projects")
        return { headers: { ...headers, "content-type": "text/html" }, body: "<html></html>" };
      return undefined;
    });
    const ctx = context();
    expect(await runCli(["verify", "--base-url", server.url], ctx)).toBe(1);
    expect(ctx.out).toContain("getApp GET /webapi/v2/apps/{app_id}: drift: /name must be string\n");
    expect(ctx.out).toContain(
      "getProject GET /webapi/v2/projects: drift: content-type text/html is not a documented media type (documented: application/json)\n",
    );
    expect(ctx.out).toContain("listApps GET /webapi/v2/apps: ok\n");
    expect(ctx.out).toMatch(/alli verify: \d+ ok, 2 drifted, 0 failed, 2 skipped/);
  });

  it("an error answer fails the operation, and the key is never printed", async () => {
    server = await proxy((path) =>
      path === "/webapi/v2/credits/balance"
        ? {
            status: 403,
            headers: { "content-type": "application/json" },
            body: '{"errors": "key verify-key is not allowed"}',
          }
        : undefined,
    );
    const ctx = context();
    expect(await runCli(["verify", "--base-url", server.url], ctx)).toBe(1);
    expect(ctx.out).toMatch(/getCreditBalance GET \/webapi\/v2\/credits\/balance: failed: 403 /);
    expect(ctx.out).not.toContain("verify-key");
  });

  it("an error status the spec does not document is drift; a documented one is a failure", async () => {
    server = await proxy((path) =>
      path === "/webapi/v2/credits/balance"
        ? { status: 418, headers: { "content-type": "text/plain" }, body: "teapot" }
        : path === "/webapi/v2/projects"
          ? { status: 403, headers: { "content-type": "application/json" }, body: '{"errors": "no"}' }
          : undefined,
    );
    const ctx = context();
    expect(await runCli(["verify", "--base-url", server.url], ctx)).toBe(1);
    expect(ctx.out).toContain(
      "getCreditBalance GET /webapi/v2/credits/balance: drift: status 418 is not a documented answer (documented: 200, 400, 401, 403, 500)\n",
    );
    expect(ctx.out).toMatch(/getProject GET \/webapi\/v2\/projects: failed: 403 /);
  });

  it("a body that is not JSON where JSON is documented is drift at the root", async () => {
    server = await proxy((path, _status, headers) =>
      path === "/webapi/v2/projects" ? { headers, body: "{not json" } : undefined,
    );
    const ctx = context();
    expect(await runCli(["verify", "--base-url", server.url], ctx)).toBe(1);
    expect(ctx.out).toContain("getProject GET /webapi/v2/projects: drift: / the body is not valid JSON\n");
  });

  it.each([
    [
      ["verify", "--timeout", "soon"],
      { ALLI_API_KEY: "k" },
      /^alli: --timeout: must be a whole number of milliseconds/,
    ],
    [
      ["verify", "--region", "us", "--base-url", "http://127.0.0.1:9"],
      { ALLI_API_KEY: "k" },
      /^alli: --base-url and --region: give one, not both\n$/,
    ],
    [["verify"], {}, /^alli: ALLI_API_KEY is not set/],
    [["verify", "--bogus"], { ALLI_API_KEY: "k" }, /^alli: Unknown option '--bogus'/],
  ])("%j is a usage error: one line, exit 2", async (args, env, message) => {
    const ctx = context(env);
    expect(await runCli(args, ctx)).toBe(2);
    expect(ctx.err).toMatch(message);
    expect(ctx.out).toBe("");
  });
});
