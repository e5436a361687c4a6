/** `alli mcp`'s command line, in process: what it refuses before serving, each as one usage line and exit code 2. */
import { describe, expect, it } from "vitest";
import type { CliContext } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/run-cli.js";

async function alli(args: string[], env: Record<string, string> = { ALLI_API_KEY: "usage-key" }) {
  const out = { stdout: "", stderr: "" };
  const ctx: CliContext = {
    env,
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
    onInterrupt: () => () => {},
  };
  return { code: await runCli(["mcp", ...args], ctx), ...out };
}

describe("alli mcp: usage", () => {
  it.each([
    [["--tools", "listApps,nope"], /^alli: --tools: unknown nope; the resources are Apps, Conversations, Others, the /],
    [["--http", "http"], /^alli: --http: must be a port from 0 to 65535, got "http"\n$/],
    [["--region", "eu"], /^alli: --region: must be one of us, ja, got "eu"\n$/],
  ])("%j is a usage error", async (args, message) => {
    const run = await alli(args);
    expect([run.code, run.stdout]).toEqual([2, ""]);
    expect(run.stderr).toMatch(message);
  });

  it("needs ALLI_API_KEY, and --help names the flags and the defaults", async () => {
    const run = await alli([], {});
    expect([run.code, run.stderr]).toEqual([2, expect.stringMatching(/^alli: ALLI_API_KEY is not set/)]);
    const help = await alli(["--help"]);
    expect(help.code).toBe(0);
    for (const flag of [
      "--allow-writes",
      "--tools dynamic",
      "resources by the spec's tag",
      "--http PORT",
      "--base-url",
    ])
      expect(help.stdout).toContain(flag);
  });
});
