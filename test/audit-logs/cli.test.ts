/** `alli audit-logs export`, run as a child process as a user would, and in-process for usage errors. */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CliContext } from "../../src/cli/command.js";
import { progressLine } from "../../src/cli/audit-logs-export.js";
import { runCli } from "../../src/cli/run-cli.js";
import { startServer, type Handler, type ScriptedServer } from "../helpers/http-server.js";
import { csvText } from "./helpers/generated-csv.js";
import { filesIn, useTempDirs } from "./helpers/temp-dir.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MAIN = join(ROOT, "src", "cli", "main.ts");
const KEY = "sk-cli-test-secret-1234";
const CSV = Buffer.from(csvText(2000));

let servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
const temp = useTempDirs();

async function serve(handler: Handler): Promise<ScriptedServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

const csvAnswer: Handler = (_req, res) => {
  res.writeHead(200, { "content-type": "text/csv", "content-length": String(CSV.length) });
  res.end(CSV);
};

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI under tsx as a child process, with ALLI_API_KEY set unless `key` is null. */
function alli(
  args: string[],
  options: { key?: string | null; onStart?: (kill: (signal: NodeJS.Signals) => void) => void } = {},
): Promise<Run> {
  const { ALLI_API_KEY: _ignored, ...env } = process.env;
  if (options.key !== null) env.ALLI_API_KEY = options.key ?? KEY;
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  options.onStart?.((signal) => child.kill(signal));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe("alli audit-logs export (child process)", () => {
  it("downloads to --out, sends the query flags, prints one result line and exits 0", async () => {
    const server = await serve(csvAnswer);
    const dir = temp.make();
    const out = join(dir, "logs.csv");
    const run = await alli([
      "audit-logs",
      "export",
      "--out",
      out,
      "--base-url",
      server.url,
      "--created-at",
      "2026-01-31T00:00:00Z",
      "--before-range",
      "7",
      "--email",
      "agent@example.com",
      "--api-request-type",
      "graphql",
      "--params",
      "variables,body",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Wrote [\d.]+ [kM]B \(\d+ bytes\) to [^\n]+\n$/);
    expect(run.stdout).toContain(`(${CSV.length} bytes) to ${out}\n`);
    expect(readFileSync(out).equals(CSV)).toBe(true);
    expect(filesIn(dir)).toEqual(["logs.csv"]);
    const url = new URL(server.requests[0]!.url, server.url);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      createdAt: "2026-01-31T00:00:00Z",
      beforeRange: "7",
      email: "agent@example.com",
      apiRequestType: "graphql",
    });
    expect(url.searchParams.getAll("params")).toEqual(["variables", "body"]);
    expect(server.requests[0]!.headers["api-key"]).toBe(KEY);
  });

  it("without ALLI_API_KEY: one line saying so, exit 2, nothing sent or written", async () => {
    const server = await serve(csvAnswer);
    const dir = temp.make();
    const run = await alli(["audit-logs", "export", "--out", join(dir, "logs.csv"), "--base-url", server.url], {
      key: null,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^alli: ALLI_API_KEY is not set[^\n]*\n$/);
    expect(run.stdout).toBe("");
    expect(server.requests).toHaveLength(0);
    expect(filesIn(dir)).toEqual([]);
  });

  it("a truncated download: one line with the bytes received, exit 1, no file and no partial file", async () => {
    const half = Math.floor(CSV.length / 2);
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/csv", "content-length": String(CSV.length) });
      res.write(CSV.subarray(0, half), () => res.socket!.end());
    });
    const dir = temp.make();
    const run = await alli(["audit-logs", "export", "--out", join(dir, "logs.csv"), "--base-url", server.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^alli: [^\\n]*broke off after \\d+ of ${CSV.length} bytes[^\\n]*\\n$`));
    expect(filesIn(dir)).toEqual([]);
  });

  it("an HTTP error that echoes the key: exit 1, and the key is never printed", async () => {
    const server = await serve((req, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: `invalid API key ${req.headers["api-key"]}` }));
    });
    const dir = temp.make();
    const run = await alli(["audit-logs", "export", "--out", join(dir, "logs.csv"), "--base-url", server.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^alli: 401 [^\n]*invalid API key \[redacted\]\n$/);
    expect(run.stdout + run.stderr).not.toContain(KEY);
    expect(filesIn(dir)).toEqual([]);
  });

  it("Ctrl-C mid-download removes the partial file and exits 130", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/csv", "content-length": String(CSV.length) });
      res.write(CSV.subarray(0, 1000)); // then stalls
    });
    const dir = temp.make();
    let kill!: (signal: NodeJS.Signals) => void;
    const running = alli(["audit-logs", "export", "--out", join(dir, "logs.csv"), "--base-url", server.url], {
      onStart: (k) => (kill = k),
    });
    await vi.waitFor(
      () => expect(filesIn(dir)).toEqual([expect.stringMatching(/^\.logs\.csv\.\d+\.[0-9a-f]+\.partial$/)]),
      { timeout: 20_000, interval: 50 },
    );
    kill("SIGINT");
    const run = await running;
    expect(run.code).toBe(130);
    expect(run.stderr).toBe(`alli: interrupted; ${join(dir, "logs.csv")} was not written\n`);
    expect(filesIn(dir)).toEqual([]);
  });
});

/** An in-process context: what the CLI wrote, and a terminal or not. */
function context(isTTY = false): CliContext & { out: string; err: string } {
  const ctx = {
    out: "",
    err: "",
    env: { ALLI_API_KEY: KEY },
    stdout: { write: (text: string) => (ctx.out += text) },
    stderr: { write: (text: string) => (ctx.err += text), isTTY, columns: 80 },
    onInterrupt: () => () => {},
  };
  return ctx;
}

describe("alli usage (in-process)", () => {
  it.each([
    [
      ["audit-logs", "export", "--out", "x.csv", "--before-range", "40"],
      /^alli: --before-range: must be an integer from 1 to 31, got 40\n$/,
    ],
    [
      ["audit-logs", "export", "--out", "x.csv", "--before-range", "a week"],
      /^alli: --before-range: must be a number of days/,
    ],
    [
      ["audit-logs", "export", "--out", "x.csv", "--created-at", "yesterday"],
      /^alli: --created-at: must be an RFC 3339 date-time/,
    ],
    [
      ["audit-logs", "export", "--out", "x.csv", "--params", "variables,headers"],
      /^alli: --params\[1\]: must be one of/,
    ],
    [["audit-logs", "export", "--out", "x.csv", "--region", "eu"], /^alli: --region: must be one of us, ja/],
    [
      ["audit-logs", "export", "--out", "x.csv", "--base-url", "ftp://x"],
      /^alli: --base-url: must be an http or https URL/,
    ],
    [["audit-logs", "export", "--bogus"], /^alli: Unknown option '--bogus'/],
    [["audit-logs", "export"], /^alli: --out FILE is required/],
    [["audit-logs", "import"], /^alli: unknown command "audit-logs import"; commands: audit-logs export/],
    [[], /^alli: no command given/],
  ])("%j exits 2 with one line naming the problem", async (args, message) => {
    const ctx = context();
    expect(await runCli(args, ctx)).toBe(2);
    expect(ctx.err).toMatch(message);
    expect(ctx.err.trimEnd().split("\n")).toHaveLength(1);
    expect(ctx.out).toBe("");
  });

  it("--version prints the package's version, exit 0", async () => {
    const ctx = context();
    expect(await runCli(["--version"], ctx)).toBe(0);
    expect(ctx.out).toBe(`${JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version}\n`);
  });

  it("a missing output folder: one line naming it, exit 2, nothing sent", async () => {
    const ctx = context();
    expect(
      await runCli(["audit-logs", "export", "--out", "/no/such/dir/x.csv", "--base-url", "http://127.0.0.1:9"], ctx),
    ).toBe(2);
    expect(ctx.err).toBe('alli: --out: the folder "/no/such/dir" does not exist\n');
  });

  it("mock on a busy port: one line saying so, exit 1 (not Prism's help text)", async () => {
    const busy = await serve((_req, res) => void res.end());
    const port = new URL(busy.url).port;
    const ctx = context();
    expect(await runCli(["mock", "--port", port], ctx)).toBe(1);
    expect(ctx.err).toBe(
      `alli: port ${port} on 127.0.0.1 is in use: pick another, or leave the port out for a free one\n`,
    );
  });

  it("--help prints the commands, and a command's --help its flags, exit 0", async () => {
    const top = context();
    expect(await runCli(["--help"], top)).toBe(0);
    expect(top.out).toContain("alli audit-logs export");
    const command = context();
    expect(await runCli(["audit-logs", "export", "--help"], command)).toBe(0);
    for (const flag of [
      "--out",
      "--created-at",
      "--before-range",
      "--email",
      "--api-request-type",
      "--params",
      "--region",
      "--base-url",
      "ALLI_API_KEY",
    ]) {
      expect(command.out).toContain(flag);
    }
  });

  it("draws a progress bar on a terminal, then clears it for the result line", async () => {
    const server = await serve(csvAnswer);
    const dir = temp.make();
    const ctx = context(true);
    expect(await runCli(["audit-logs", "export", "--out", join(dir, "logs.csv"), "--base-url", server.url], ctx)).toBe(
      0,
    );
    expect(ctx.err).toContain(`\r\x1b[K[`);
    expect(ctx.err).toMatch(/\] +\d+%  [\d.]+ k?B \/ [\d.]+ kB  /);
    expect(ctx.err.endsWith("\r\x1b[K")).toBe(true);
    expect(ctx.out).toMatch(/^Wrote .* to .*logs\.csv\n$/);
  });
});

describe("progressLine", () => {
  it("shows percentage, bytes of total and the average rate when the size is known", () => {
    expect(progressLine({ bytes: 50e6, total: 200e6 }, 2_000, 80)).toMatch(
      /^\[#+\.+\]  25%  50\.0 MB \/ 200\.0 MB  25\.0 MB\/s$/,
    );
  });
  it("shows bytes and rate when it is not", () => {
    expect(progressLine({ bytes: 1_500, total: undefined }, 1_000)).toBe("1.5 kB  1.5 kB/s");
  });
});
