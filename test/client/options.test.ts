/** createAlliClient's options: credentials, regions, base URL, raw response access. */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AlliError, createAlliClient } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "x-request-id": "req_abc" });
    res.end(JSON.stringify([{ id: "project_1" }]));
  });
});
afterAll(() => server.close());
afterEach(() => vi.unstubAllEnvs());

describe("credentials", () => {
  it("fails at construction without a key, saying how to provide one", () => {
    vi.stubEnv("ALLI_API_KEY", "");
    expect(() => createAlliClient()).toThrow(AlliError);
    expect(() => createAlliClient()).toThrow(/apiKey.*ALLI_API_KEY/);
  });

  it("reads ALLI_API_KEY when no key is passed, and sends it as API-KEY", async () => {
    vi.stubEnv("ALLI_API_KEY", "env-key");
    await createAlliClient({ baseUrl: server.url }).GET("/webapi/v2/projects");
    expect(server.requests.at(-1)!.headers["api-key"]).toBe("env-key");
  });

  it("sends a bearer token as Authorization instead of a key", async () => {
    vi.stubEnv("ALLI_API_KEY", "");
    await createAlliClient({ token: "tok", baseUrl: server.url }).GET("/webapi/v2/projects");
    expect(server.requests.at(-1)!.headers.authorization).toBe("Bearer tok");
    expect(server.requests.at(-1)!.headers["api-key"]).toBeUndefined();
  });
});

describe("regions and base URL", () => {
  it("chooses the server of the region from the spec, US by default", () => {
    vi.stubEnv("ALLI_BASE_URL", "");
    expect(createAlliClient({ apiKey: "k" }).baseUrl).toBe("https://backend.alli.ai");
    expect(createAlliClient({ apiKey: "k", region: "ja" }).baseUrl).toBe("https://backend-ja.alli.ai");
  });

  it("reads ALLI_BASE_URL when neither baseUrl nor region is passed", () => {
    vi.stubEnv("ALLI_BASE_URL", server.url);
    expect(createAlliClient({ apiKey: "k" }).baseUrl).toBe(server.url);
    expect(createAlliClient({ apiKey: "k", region: "ja" }).baseUrl).toBe("https://backend-ja.alli.ai");
  });

  it("rejects an unknown region, naming the choices", () => {
    expect(() => createAlliClient({ apiKey: "k", region: "eu" as "us" })).toThrow(/region: must be one of "us", "ja"/);
  });

  it("sends requests to baseUrl when given, with the client's default headers", async () => {
    await createAlliClient({ apiKey: "k", baseUrl: server.url, headers: { "X-App": "billing" } }).GET(
      "/webapi/v2/projects",
    );
    expect(server.requests.at(-1)!.headers["x-app"]).toBe("billing");
  });
});

describe("raw access", () => {
  it("gives back the raw Response and the request id beside the parsed data", async () => {
    const { data, response, requestId } = await createAlliClient({ apiKey: "k", baseUrl: server.url }).GET(
      "/webapi/v2/projects",
    );
    expect(data).toEqual([{ id: "project_1" }]);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("req_abc");
    expect(requestId).toBe("req_abc");
  });

  it("sends through the fetch passed in options", async () => {
    const seen: string[] = [];
    const alli = createAlliClient({
      apiKey: "k",
      baseUrl: server.url,
      fetch: (url, init) => (seen.push(url), fetch(url, init)),
    });
    await alli.GET("/webapi/v2/projects");
    expect(seen).toEqual([`${server.url}/webapi/v2/projects`]);
  });
});
