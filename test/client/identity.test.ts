/** User identity headers, per client and per request, and header values checked before the network. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAlliClient, InvalidInputError } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end("[]");
  });
});
afterAll(() => server.close());
const last = () => server.requests.at(-1)!.headers;

describe("identity headers", () => {
  it("sends the client's identity, and a request's identity overrides it field by field", async () => {
    const alli = createAlliClient({
      apiKey: "k",
      baseUrl: server.url,
      user: { ownUserId: "user-7", userEmail: "u@example.com", agentEmail: "agent@example.com" },
    });
    await alli.GET("/webapi/v2/projects");
    expect(last()).toMatchObject({
      "own-user-id": "user-7",
      "user-email": "u@example.com",
      "agent-email": "agent@example.com",
    });
    await alli.GET("/webapi/v2/projects", { user: { ownUserId: "user-8" } });
    expect(last()).toMatchObject({
      "own-user-id": "user-8",
      "user-email": "u@example.com",
      "agent-email": "agent@example.com",
    });
  });

  it.each(["김민수", "山田太郎", "josé"])(
    "sends a non-ASCII OWN-USER-ID %s as base64: of its UTF-8 bytes",
    async (id) => {
      await createAlliClient({ apiKey: "k", baseUrl: server.url }).GET("/webapi/v2/projects", {
        user: { ownUserId: id },
      });
      const sent = String(last()["own-user-id"]);
      expect(sent.startsWith("base64:")).toBe(true);
      expect(Buffer.from(sent.slice("base64:".length), "base64").toString("utf8")).toBe(id);
    },
  );

  it.each([
    ["an identity field", { user: { userEmail: "a@example.com\r\nX-Injected: 1" } }, "headers.USER-EMAIL"],
    ["a per-request header", { headers: { "X-Trace": "abc\ndef" } }, "headers.X-Trace"],
  ])("rejects CR or LF in %s before the network, naming the header", async (_label, init, field) => {
    const before = server.requests.length;
    const error = await createAlliClient({ apiKey: "k", baseUrl: server.url })
      .GET("/webapi/v2/projects", init)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).toContain("CR or LF");
    expect(server.requests.length).toBe(before);
  });

  it("rejects CR or LF in a client default header at construction", () => {
    expect(() => createAlliClient({ apiKey: "k", baseUrl: server.url, headers: { "X-App": "a\rb" } })).toThrow(
      InvalidInputError,
    );
  });
});
