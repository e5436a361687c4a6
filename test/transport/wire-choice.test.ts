/**
 * Which wire sends what, by runtime, through the public client: the two documented GETs that
 * carry a body need a wire that can send one (node:http or undici in Node.js, node:http in Bun
 * and Deno), and a runtime that has neither fails at once with an error naming the operation.
 * The runtime is what the client sees when it is created: Bun and Deno answer to
 * `process.versions.bun` / `.deno`, a runtime with only fetch to `navigator.userAgent`
 * "Cloudflare-Workers" (Workers with nodejs_compat).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AlliError, createAlliClient, type ClientOptions } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"ok":true}');
  });
});
afterAll(() => server.close());
afterEach(() => {
  vi.unstubAllGlobals();
  delete (process.versions as Record<string, string | undefined>).bun;
  delete (process.versions as Record<string, string | undefined>).deno;
});

/** A client made as `runtime` would make it, whose `fetch` records what it was asked for. */
function clientIn(runtime: "node" | "bun" | "deno" | "other", fetched: string[], options: ClientOptions = {}) {
  if (runtime === "bun" || runtime === "deno") (process.versions as Record<string, string>)[runtime] = "1.0.0";
  if (runtime === "other") vi.stubGlobal("navigator", { userAgent: "Cloudflare-Workers" });
  const fetch: ClientOptions["fetch"] = (url, init) => (fetched.push(url), globalThis.fetch(url, init));
  return createAlliClient({ apiKey: "k", baseUrl: server.url, maxRetries: 0, fetch, ...options });
}

const dates = { startDate: "2026-01-01", endDate: "2026-01-31" };

describe("a GET with a body", () => {
  it.each(["node", "bun", "deno"] as const)("%s sends it, body and all, and not through fetch", async (runtime) => {
    const fetched: string[] = [];
    expect(await clientIn(runtime, fetched).summaryAnalytics(dates)).toEqual({ ok: true });
    const received = server.requests.at(-1)!;
    expect(received.method).toBe("GET");
    expect(JSON.parse(received.body.toString())).toEqual(dates);
    expect(fetched).toEqual([]);
  });

  it("a runtime with only fetch fails at once, naming the operation, before anything is sent", async () => {
    const before = server.requests.length;
    const error = await clientIn("other", [])
      .summaryAnalytics(dates)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlliError);
    expect((error as Error).message).toMatch(
      /GET \/webapi\/summary_analytics \(summaryAnalytics\).*cannot send a body on a GET/,
    );
    expect(server.requests.length).toBe(before);
  });

  it("any other request in such a runtime goes through fetch", async () => {
    const fetched: string[] = [];
    await clientIn("other", fetched).getProject();
    expect(fetched).toEqual([`${server.url}/webapi/v2/projects`]);
  });
});
