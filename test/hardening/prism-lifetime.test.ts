/**
 * Issue 20: Prism dies with the process that started it, however that process ends: `alli mock` killed with
 * SIGKILL or hung up (a closed terminal), and a test process that called startMock killed with SIGKILL.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, expect, it } from "vitest";
import { freePort } from "../../src/node/prism-server.js";
import { ROOT } from "../helpers/spec.js";

const MAIN = join(ROOT, "src", "cli", "main.ts");
const TESTING = pathToFileURL(join(ROOT, "src", "testing.ts")).href;

/** The pids of the Prism processes serving `port` (Linux: from /proc), to clean up after a failed test. */
function prismPids(port: number): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        return args.some((arg) => arg.includes("prism-cli")) && args.join(" ").includes(` -p ${port} `);
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}
const answers = (url: string) =>
  fetch(`${url}/webapi/v2/projects`, { headers: { "API-KEY": "k" } }).then(
    () => true,
    () => false,
  );

let started: { child: ChildProcess; port: number }[] = [];
afterEach(() => {
  for (const { child, port } of started.splice(0)) {
    child.kill("SIGKILL");
    for (const pid of prismPids(port)) process.kill(pid, "SIGKILL"); // only if the test failed: no orphan stays
  }
});

/** Starts `args` under node with tsx; resolves to the child and the URL it printed once its mock listens. */
async function startChild(args: string[], port: number) {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  started.push({ child, port });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  await expect.poll(() => output, { timeout: 45_000, interval: 100 }).toContain(url);
  expect(await answers(url)).toBe(true);
  expect(prismPids(port)).toHaveLength(1);
  return { child, url };
}
/** Whether the port accepts a TCP connection. Not an HTTP request: Prism would log it to its stdout, a pipe to
 * the dead parent, and die of EPIPE, which would hide a Prism that, left alone, would serve on. */
const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1")
      .once("connect", () => (socket.destroy(), resolve(true)))
      .once("error", () => resolve(false));
  });
const stopsAnswering = async (port: number) => {
  await expect.poll(() => prismPids(port), { timeout: 15_000, interval: 200 }).toEqual([]);
  await expect.poll(() => accepts(port), { timeout: 15_000, interval: 200 }).toBe(false);
};

it.each(["SIGKILL", "SIGHUP"] as const)(
  "alli mock ended by %s: Prism goes with it",
  { timeout: 90_000 },
  async (signal) => {
    const port = await freePort();
    const { child } = await startChild([MAIN, "mock", "--port", String(port)], port);
    child.kill(signal);
    await stopsAnswering(port);
  },
);

it("a process that called startMock killed with SIGKILL: its mock stops", { timeout: 90_000 }, async () => {
  const port = await freePort();
  const script = `import { startMock } from ${JSON.stringify(TESTING)};
    const mock = await startMock({ port: ${port} });
    console.log(mock.url);`;
  const { child } = await startChild(["--input-type=module", "-e", script], port);
  child.kill("SIGKILL");
  await stopsAnswering(port);
});
