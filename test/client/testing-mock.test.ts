/** `alli-sdk/testing`: startMock() for users' own suites, against which the SDK works as against the API. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BadRequestError, createAlliClient } from "../../src/index.js";
import { startMock } from "../../src/testing.js";
import { startServer } from "../helpers/http-server.js";

const dir = mkdtempSync(join(tmpdir(), "alli-mock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("startMock", () => {
  it("serves the bundled spec on a free loopback port, validates requests, and stops on close()", async () => {
    const mock = await startMock();
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const alli = createAlliClient({ apiKey: "test", baseUrl: mock.url, maxRetries: 0 });
    try {
      const app = await alli.getApp("app_1");
      expect(app).toHaveProperty("id");
      // A role the spec does not allow: the mock refuses it, and the error says why.
      const robot = { role: "robot", content: "x" } as unknown as { role: "user"; content: string };
      const refused = await alli.createChatCompletion({ messages: [robot] }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(BadRequestError);
      expect((refused as Error).message).toContain("request.body.messages.0.role");
    } finally {
      await mock.close();
    }
    await expect(fetch(`${mock.url}/webapi/v2/projects`)).rejects.toThrow();
  });

  it("serves another spec when given one, on the port asked for", async () => {
    const spec = join(dir, "tiny.json");
    writeFileSync(
      spec,
      JSON.stringify({
        openapi: "3.1.0",
        info: { title: "tiny", version: "1" },
        paths: {
          "/ping": {
            get: {
              responses: {
                "200": { description: "pong", content: { "application/json": { example: { pong: true } } } },
              },
            },
          },
        },
      }),
    );
    const free = await startServer((_req, res) => void res.end());
    const port = Number(new URL(free.url).port);
    await free.close();
    const mock = await startMock({ spec, port });
    try {
      expect(mock.url).toBe(`http://127.0.0.1:${port}`);
      expect(await (await fetch(`${mock.url}/ping`)).json()).toEqual({ pong: true });
    } finally {
      await mock.close();
    }
  });

  it("a port in use fails at once, saying so", async () => {
    const busy = await startServer((_req, res) => void res.end());
    const port = Number(new URL(busy.url).port);
    try {
      await expect(startMock({ port })).rejects.toThrow(`port ${port} on 127.0.0.1 is in use`);
    } finally {
      await busy.close();
    }
  });
});
