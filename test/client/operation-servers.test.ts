/**
 * Servers per operation: an operation the spec serves from servers of its own goes to its server for the client's
 * region, a region it lacks is refused before the network naming the operation and its servers, and a baseUrl
 * overrides both. The generator writes those servers only where they differ from the spec's top-level list.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "../../generated/operations.js";
import { operationsSource } from "../../scripts/lib/codegen.js";
import { createAlliClient, InvalidInputError } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";
import { spec } from "../helpers/spec.js";

let server: ScriptedServer;
const getApps = operations.getApps as { servers?: Record<string, string> };
beforeAll(async () => {
  server = await startServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end("{}");
  });
  // As if the spec listed only a US server for getApps (the Apps page's list before the overlay gave it both).
  getApps.servers = { us: server.url };
});
afterAll(async () => {
  delete getApps.servers;
  await server.close();
});

describe("an operation with servers of its own", () => {
  it("is sent to its own server for the client's region", async () => {
    await createAlliClient({ apiKey: "k", region: "us" }).getApps();
    expect(server.requests.at(-1)).toMatchObject({ method: "GET", url: "/webapi/apps" });
  });

  it("refuses a region it lacks before the network, naming the operation and its servers", async () => {
    const before = server.requests.length;
    const error = await createAlliClient({ apiKey: "k", region: "ja" })
      .getApps()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: "region" });
    expect((error as Error).message).toBe(
      `region: GET /webapi/apps (getApps) is served only by "us" (${server.url}): use that region, or a baseUrl`,
    );
    expect(server.requests.length).toBe(before);
  });

  it("goes to a baseUrl when one is given, whatever its servers", async () => {
    const alli = createAlliClient({ apiKey: "k", region: "ja", baseUrl: `${server.url}/proxy` });
    await alli.GET("/webapi/apps");
    expect(server.requests.at(-1)!.url).toBe("/proxy/webapi/apps");
  });
});

describe("the generator", () => {
  /** The generated metadata of getApps, for a spec where it has `servers`. */
  const withServers = (servers: unknown) => {
    const copy = structuredClone(spec);
    copy.paths["/webapi/apps"].get.servers = servers;
    const source = operationsSource(copy);
    const json = source.slice(source.indexOf("export const operations = ") + 26, source.indexOf(" as const;"));
    return (JSON.parse(json) as Record<string, { servers?: unknown }>).getApps!;
  };
  const us = { url: "https://backend.alli.ai", description: "US region", "x-alli-region": "us" };
  const ja = { url: "https://backend-ja.alli.ai", description: "JA region", "x-alli-region": "ja" };

  it("writes an operation's servers by region where they differ from the spec's list", () => {
    expect(withServers([us]).servers).toEqual({ us: "https://backend.alli.ai" });
  });

  it("writes none where they are the spec's list, in any order", () => {
    expect(withServers([ja, us])).not.toHaveProperty("servers");
  });

  it("refuses a server that names no region", () => {
    expect(() => withServers([{ url: "https://example.com" }])).toThrow(
      "getApps: server https://example.com names no region",
    );
  });
});
