/** Starts Prism (mock, or proxy in front of a scripted upstream) on a free loopback port. */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(fileURLToPath(import.meta.url), "..", "..", "..");
const PRISM_BIN = join(ROOT, "node_modules", "@stoplight", "prism-cli", "dist", "index.js");
export const SPEC_PATH = join(ROOT, "openapi", "alli.openapi.json");

export interface PrismServer {
  url: string;
  /** Everything Prism printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface PrismOptions {
  /** Proxy mode: validate traffic to and from this upstream instead of mocking. */
  upstream?: string;
  /** Answer a request or response that breaks the spec with an error (422 / 500). Default true. */
  errors?: boolean;
  spec?: string;
}

export async function startPrism(options: PrismOptions = {}): Promise<PrismServer> {
  const port = await freePort();
  const args = options.upstream
    ? [PRISM_BIN, "proxy", options.spec ?? SPEC_PATH, options.upstream]
    : [PRISM_BIN, "mock", options.spec ?? SPEC_PATH];
  args.push("-h", "127.0.0.1", "-p", String(port));
  if (options.errors ?? true) args.push("--errors");
  // Prism's own bin under node, in its own process group, so that closing it leaves nothing behind.
  const child: ChildProcess = spawn(process.execPath, args, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start within 30 s:\n${output}`)), 30_000);
    const onData = () => {
      if (/Prism is listening on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with code ${code} before listening:\n${output}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        /* already gone */
      }
      await exited;
    },
  };
}
