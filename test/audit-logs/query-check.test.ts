/** The query is checked against the spec's bounds before anything is sent, by every method. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAlliClient } from "../../src/client.js";
import { InvalidInputError } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";
import { filesIn, useTempDirs } from "./helpers/temp-dir.js";

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/csv" });
    res.end("id,createdAt\nlog_1,2026-01-05T09:30:00Z\n");
  });
});
afterAll(() => server.close());
const temp = useTempDirs();

const alli = () => createAlliClient({ apiKey: "test-key", baseUrl: server.url, maxRetries: 0 });

// [query, field, rule]: each breaks one rule the spec states for downloadAuditLogs.
const BAD: Array<[Record<string, unknown>, string, RegExp]> = [
  [{ beforeRange: 0 }, "query.beforeRange", /an integer from 1 to 31, got 0/],
  [{ beforeRange: 32 }, "query.beforeRange", /an integer from 1 to 31, got 32/],
  [{ beforeRange: 1.5 }, "query.beforeRange", /must be an integer/],
  [{ beforeRange: "7" }, "query.beforeRange", /must be an integer/],
  [{ createdAt: "yesterday" }, "query.createdAt", /RFC 3339 date-time/],
  [{ createdAt: "2026-02-30T00:00:00Z" }, "query.createdAt", /RFC 3339 date-time/],
  [{ createdAt: "2026-01-05T09:30:00" }, "query.createdAt", /RFC 3339 date-time/],
  [{ params: ["variables", "headers"] }, "query.params[1]", /one of "variables", "query", "body", got "headers"/],
  [{ params: "body" }, "query.params", /must be an array/],
  [{ email: 42 }, "query.email", /must be a string/],
  [{ createdAt: null }, "query.createdAt", /must not be null/],
  [{ beforRange: 7 }, "query.beforRange", /not a query parameter of downloadAuditLogs/],
];

describe("query check before the network", () => {
  it.each(BAD)("download rejects %j", async (query, field, rule) => {
    const before = server.requests.length;
    const error = await alli()
      .auditLogs.download({ query: query as never })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe(field);
    expect((error as Error).message).toMatch(rule);
    expect((error as Error).message.startsWith(`${field}: `)).toBe(true);
    expect(server.requests.length).toBe(before);
  });

  it("rows() throws at the call, before iterating, and downloadToFile rejects without creating a file", async () => {
    const before = server.requests.length;
    expect(() => alli().auditLogs.rows({ query: { beforeRange: 40 } })).toThrow(InvalidInputError);
    const dir = temp.make();
    await expect(
      alli().auditLogs.downloadToFile(`${dir}/logs.csv`, { query: { params: ["nope" as "body"] } }),
    ).rejects.toThrow(/query\.params\[0\]/);
    expect(filesIn(dir)).toEqual([]);
    expect(server.requests.length).toBe(before);
  });

  it("sends a valid query as the spec's form-style parameters, with Accept: text/csv", async () => {
    const before = server.requests.length;
    const download = await alli().auditLogs.download({
      query: {
        createdAt: "2026-01-31T00:00:00Z",
        beforeRange: 31,
        email: "a+b@example.com",
        apiRequestType: null,
        params: ["variables", "body"],
      },
    });
    await download.body.cancel();
    const request = server.requests[before]!;
    const url = new URL(request.url, server.url);
    expect(url.pathname).toBe("/webapi/v2/audit/logs/download");
    expect(url.searchParams.get("createdAt")).toBe("2026-01-31T00:00:00Z");
    expect(url.searchParams.get("beforeRange")).toBe("31");
    expect(url.searchParams.get("email")).toBe("a+b@example.com");
    expect(url.searchParams.getAll("params")).toEqual(["variables", "body"]);
    expect(request.headers.accept).toBe("text/csv");
    expect(request.headers["api-key"]).toBe("test-key");
  });
});
