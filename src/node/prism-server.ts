/**
 * Starts Prism on the bundled spec (a validating mock, or a validating proxy in front of an
 * upstream) on a loopback port. Used by `alli mock`, `npm run demo` and the test suite.
 * Prism (`@stoplight/prism-cli`) is an optional peer dependency: install it to use this.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { bundledSpecPath } from "./package-root.js";

export interface PrismOptions {
  /** Proxy mode: validate traffic to and from this upstream instead of answering from examples. */
  upstream?: string;
  /** Answer a request or response that breaks the spec with an error (422 / 500) instead of only flagging it. Default true. */
  errors?: boolean;
  /** Port to listen on; default a free one. */
  port?: number;
  host?: string;
  /** The spec to serve; default the SDK's bundled `alli.openapi.json`. */
  spec?: string;
  /** Called with each violation Prism reports (`request.query.pageSize …`), as it reports it. */
  onViolation?: (violation: string) => void;
}

export interface PrismServer {
  url: string;
  /** Everything Prism printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

function prismBin(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve("@stoplight/prism-cli/package.json")), "dist", "index.js");
  } catch {
    throw new Error("Prism is not installed: npm install --save-dev @stoplight/prism-cli@5.14.2");
  }
}

export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Fails in one line when `port` is taken, rather than letting Prism print its whole help text. */
function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      const reason = error.code === "EADDRINUSE" ? "is in use" : error.code === "EACCES" ? "needs privileges this process lacks" : `cannot be listened on (${error.code ?? error.message})`;
      reject(new Error(`port ${port} on ${host} ${reason}: pick another, or leave the port out for a free one`));
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

export async function startPrism(options: PrismOptions = {}): Promise<PrismServer> {
  const host = options.host ?? "127.0.0.1";
  if (options.port !== undefined) await assertPortFree(host, options.port);
  const port = options.port ?? (await freePort(host));
  const spec = options.spec ?? bundledSpecPath();
  const args = options.upstream ? [prismBin(), "proxy", spec, options.upstream] : [prismBin(), "mock", spec];
  args.push("-h", host, "-p", String(port));
  if (options.errors ?? true) args.push("--errors");
  // Prism's own bin under node, in its own process group, so that closing it leaves nothing behind.
  const child = spawn(process.execPath, args, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let pending = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  if (options.onViolation) {
    child.stdout.on("data", (chunk) => {
      const lines = (pending + chunk).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const violation = /\[VALIDATOR\].*Violation: (.*)$/.exec(line)?.[1];
        if (violation) options.onViolation!(violation.trim());
      }
    });
  }
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`Prism did not start within 30 s:\n${output}`));
    }, 30_000);
    child.stdout.on("data", () => {
      if (/Prism is listening on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with code ${code} before listening:\n${output}`));
    });
  });
  function stop() {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
  return {
    url: `http://${host}:${port}`,
    output: () => output,
    async close() {
      stop();
      await exited;
    },
  };
}
