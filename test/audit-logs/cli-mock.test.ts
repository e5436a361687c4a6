/** `alli mock`: the mock users run in their own CI, started as a child process like they would. */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createAlliClient } from "../../src/index.js";
import { ROOT } from "../helpers/spec.js";

describe("alli mock", () => {
  it("serves the bundled spec on the port asked for, validates requests, and stops cleanly on Ctrl-C", async () => {
    const { freePort } = await import("../../src/node/prism-server.js");
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(ROOT, "src", "cli", "main.ts"), "mock", "--port", String(port)],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await expect
        .poll(() => stdout, { timeout: 30_000, interval: 100 })
        .toContain(`listening on http://127.0.0.1:${port}`);
      const alli = createAlliClient({ apiKey: "ci-key", baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
      const { data } = await alli.GET("/webapi/v2/conversations/{conversation_id}", {
        params: { path: { conversation_id: "c1" } },
      });
      expect(data).toHaveProperty("id");
      // The SDK refuses such a query itself; sent raw, the mock refuses it too.
      const raw = await fetch(`http://127.0.0.1:${port}/webapi/v2/apps?pageSize=0`, {
        headers: { "API-KEY": "ci-key" },
      });
      expect(raw.status).toBe(400);
      // The mock says why, one line per violation.
      await expect
        .poll(() => stderr, { timeout: 5_000, interval: 50 })
        .toMatch(/^alli mock: violation: request\.query\.pagesize .*must be >= 1$/m);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
    expect(stdout).toContain("mock stopped");
    // Prism went with it: nothing listens on the port any more.
    await expect(fetch(`http://127.0.0.1:${port}/webapi/v2/projects`)).rejects.toThrow();
  });
});
