/**
 * Which wire sends what, by runtime: the two documented GETs that carry a body need a wire that
 * can send one (undici in Node.js, node:http in Bun and Deno), and a runtime that has neither
 * fails at once with an error naming the operation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlliError } from "../../src/index.js";
import { createWireChooser } from "../../src/internal/request/choose-wire.js";
import type { WireRequest } from "../../src/internal/request/outgoing.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"ok":true}');
  });
});
afterAll(() => server.close());

const operation = { method: "GET", path: "/webapi/summary_analytics", operationId: "summaryAnalytics" };
const getWithBody = (): WireRequest => ({
  url: `${server.url}/webapi/summary_analytics`,
  method: "GET",
  headers: { "content-type": "application/json", "api-key": "k" },
  body: JSON.stringify({ startDate: "2026-01-01", endDate: "2026-01-31" }),
});

describe("a GET with a body", () => {
  it.each(["node", "bun", "deno"] as const)("%s sends it, body and all", async (runtime) => {
    const choose = createWireChooser({ proxy: {}, runtime, fetch: (url, init) => fetch(url, init) });
    const wire = await choose(getWithBody(), operation);
    const response = await wire(getWithBody(), new AbortController().signal);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"ok":true}');
    const received = server.requests.at(-1)!;
    expect(received.method).toBe("GET");
    expect(JSON.parse(received.body.toString())).toEqual({ startDate: "2026-01-01", endDate: "2026-01-31" });
  });

  it("a runtime with only fetch fails at once, naming the operation, before anything is sent", () => {
    const before = server.requests.length;
    const choose = createWireChooser({ proxy: {}, runtime: "other", fetch: (url, init) => fetch(url, init) });
    expect(() => choose(getWithBody(), operation)).toThrow(AlliError);
    expect(() => choose(getWithBody(), operation)).toThrow(/GET \/webapi\/summary_analytics \(summaryAnalytics\).*cannot send a body on a GET/);
    expect(server.requests.length).toBe(before);
  });

  it("any other request in such a runtime goes through fetch", async () => {
    const urls: string[] = [];
    const choose = createWireChooser({ proxy: {}, runtime: "other", fetch: (url, init) => (urls.push(url), fetch(url, init)) });
    const request: WireRequest = { url: `${server.url}/webapi/v2/projects`, method: "GET", headers: {}, body: undefined };
    const wire = await choose(request, operation);
    await (await wire(request, new AbortController().signal)).text();
    expect(urls).toEqual([`${server.url}/webapi/v2/projects`]);
  });
});
