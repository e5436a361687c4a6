/** Node only: the package folder and bundled spec, and Prism on it: a validating mock, or proxy to an upstream. */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, type AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The folder of the package.json named alli-sdk (beside src/ in the repo, dist/ when installed), and its version. */
export function packageRoot(): { dir: string; version: string } {
  for (let dir = dirname(fileURLToPath(import.meta.url)), i = 0; i < 4; i++, dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (manifest.name === "alli-sdk") return { dir, version: manifest.version ?? "unknown" };
  }
  throw new Error("the alli-sdk package folder was not found beside the SDK");
}
export const bundledSpecPath = (): string => join(packageRoot().dir, "openapi", "alli.openapi.json");

export interface PrismOptions {
  upstream?: string; // proxy mode: validate the traffic to and from it instead of answering from examples
  port?: number; // default a free one; one in use fails at once, saying so
  host?: string;
  spec?: string; // default the bundled spec
  onViolation?: (violation: string) => void; // each violation Prism reports (`request.query.pageSize …`), at once
}
/** `output()`: everything Prism printed, for failure messages; `close()` resolves once its process has exited. */
export type PrismServer = { url: string; output(): string; close(): Promise<void> };
/** Resolves to `port` (0: any) once it was free on `host`. */
export const freePort = (host = "127.0.0.1", port = 0) =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().unref().once("error", reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      server.close(() => resolve(bound));
    });
  });

const PORT_ERRORS: Record<string, string> = { EADDRINUSE: "is in use", EACCES: "needs privileges this process lacks" };
const PRISM = "@stoplight/prism-cli";
// Run with `node -e`: process.argv[1] is Prism's bin, and its arguments follow as if it were run itself.
const EXIT_WITH_PARENT = `process.stdin.on("close", () => process.exit()).resume(); require(process.argv[1]);`;

/** Resolves once Prism accepts requests. */
export async function startPrism(options: PrismOptions = {}): Promise<PrismServer> {
  const { host = "127.0.0.1", port: wanted, spec = bundledSpecPath(), upstream, onViolation } = options;
  // A port in use fails here in one line, rather than with Prism's whole help text.
  const port = await freePort(host, wanted).catch(({ code, message }: NodeJS.ErrnoException) => {
    const reason = PORT_ERRORS[code ?? ""] ?? `cannot be listened on (${code ?? message})`;
    throw new Error(`port ${wanted} on ${host} ${reason}: pick another, or leave the port out for a free one`);
  });
  let bin: string;
  try {
    bin = join(dirname(createRequire(import.meta.url).resolve(`${PRISM}/package.json`)), "dist", "index.js");
  } catch {
    throw new Error(`Prism is not installed: npm install --save-dev ${PRISM}@5.14.2`);
  }
  const mode = upstream ? ["proxy", spec, upstream] : ["mock", spec];
  // Prism's own bin under node, in its own process group, so that closing it leaves nothing behind. Its stdin is a
  // pipe from this process, closed by the system however this process ends (SIGKILL too): Prism then exits.
  const args = ["-e", EXIT_WITH_PARENT, bin, ...mode, "-h", host, "-p", String(port), "--errors"];
  const child = spawn(process.execPath, args, { detached: true, stdio: ["pipe", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGTERM");
    return exited;
  };
  let output = "";
  child.stderr.on("data", (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      void close();
      reject(new Error(`${reason}:\n${output}`));
    };
    const timer = setTimeout(fail, 30_000, "Prism did not start within 30 s");
    child.once("exit", (code) => fail(`Prism exited with code ${code} before listening`));
    createInterface({ input: child.stdout }).on("line", (line) => {
      output += `${line}\n`;
      const violation = /\[VALIDATOR\].*Violation: (.*)$/.exec(line)?.[1];
      if (violation) onViolation?.(violation.trim());
      if (!line.includes("Prism is listening on")) return;
      clearTimeout(timer);
      resolve();
    });
  });
  return { url: `http://${host}:${port}`, output: () => output, close };
}
