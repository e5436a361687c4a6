/**
 * Every operation through its own method, against the validating Prism mock: each method exists,
 * Prism accepts what it sends, and it sends what the path map sends for the same call (a
 * recording loopback server in front of Prism compares the two requests).
 */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createAlliClient, type AlliClient } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";
import { allOperations } from "../helpers/spec.js";
import { cases, type ContractCase } from "./cases.js";

type Recorded = ScriptedServer["requests"][number];

/** What identifies a request: method, path, query, content type and body, with a multipart boundary made neutral. */
function shape(recorded: Recorded) {
  const url = new URL(recorded.url, "http://x");
  const contentType = String(recorded.headers["content-type"] ?? "");
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  let body = recorded.body.toString("utf8");
  if (boundary) body = body.split(boundary).join("BOUNDARY");
  return {
    method: recorded.method,
    path: url.pathname,
    query: [...url.searchParams].sort(),
    contentType: contentType.replace(/boundary=.+$/, "boundary=BOUNDARY"),
    body: contentType.startsWith("application/json") && body ? JSON.parse(body) : body,
  };
}

/** Reads whatever a method returned: a promise's body, or every event of a stream. */
async function settle(result: unknown, contract: ContractCase): Promise<unknown> {
  if (result && typeof result === "object" && typeof (result as { final?: unknown }).final === "function") {
    return (result as { final(): Promise<unknown> }).final().catch((error: Error) => {
      if (contract.undocumentedEvents && error.message.includes("not Server-Sent Events")) return undefined;
      throw error;
    });
  }
  return await (result as Promise<unknown>);
}

describe("contract: each operation through its method", () => {
  let recorder: ScriptedServer;
  let alli: AlliClient;

  beforeAll(async () => {
    const prism = new URL(inject("prismUrl"));
    recorder = await startServer(
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
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(res).on("finish", resolve);
            },
          );
          upstream.on("error", reject);
          upstream.end(body);
        }),
    );
    alli = createAlliClient({ apiKey: "test-key", baseUrl: recorder.url, maxRetries: 0 });
  });
  afterAll(() => recorder.close());

  it.each(cases.map((c) => [c.operationId, c] as const))("%s", async (operationId, contract) => {
    expect(typeof (alli as unknown as Record<string, unknown>)[operationId]).toBe("function");
    const before = recorder.requests.length;
    await contract.run(alli);
    const result = await settle(contract.method(alli), contract);
    const [viaPath, viaMethod] = recorder.requests.slice(before);
    expect(recorder.requests.length - before).toBe(2);
    expect(shape(viaMethod!)).toEqual(shape(viaPath!));
    for (const key of contract.expectKeys ?? []) expect(result).toHaveProperty(key);
  });

  it("has a method for every operation of the spec (46 of 46)", () => {
    const ids = allOperations().map(({ operation }) => operation.operationId as string);
    expect(ids).toHaveLength(46);
    expect(ids.filter((id) => typeof (alli as unknown as Record<string, unknown>)[id] !== "function")).toEqual([]);
  });
});
