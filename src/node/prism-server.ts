/**
 * Prism on the bundled spec, a validating mock (or proxy in front of an upstream) on a loopback port, for
 * `alli mock`, `alli-sdk/testing`, `npm run demo` and the tests. Prism is an optional peer dependency.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer, type AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { bundledSpecPath } from "./package-root.js";

export interface PrismOptions {
  /** Proxy mode: validate traffic to and from this upstream instead of answering from examples. */
  upstream?: string;
  /** Default a free port; a port in use fails at once, saying so. */
  port?: number;
  host?: string;
  /** The OpenAPI file to serve; default the spec bundled with the SDK. */
  spec?: string;
  /** Called with each violation Prism reports (`request.query.pageSize …`), as it reports it. */
  onViolation?: (violation: string) => void;
}

export interface PrismServer {
  url: string;
  /** Everything Prism printed, for failure messages. */
  output(): string;
  /** Stops Prism; resolves once its process has exited. */
  close(): Promise<void>;
}

function prismBin(): string {
  try {
    const manifest = createRequire(import.meta.url).resolve("@stoplight/prism-cli/package.json");
    return join(dirname(manifest), "dist", "index.js");
  } catch {
    throw new Error("Prism is not installed: npm install --save-dev @stoplight/prism-cli@5.14.2");
  }
}

/** Listens on `port` (0: any free one) and closes again; resolves to the port that was free. */
export function freePort(host = "127.0.0.1", port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().unref().once("error", reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      server.close(() => resolve(bound));
    });
  });
}

const PORT_ERRORS: Record<string, string> = { EADDRINUSE: "is in use", EACCES: "needs privileges this process lacks" };

/** Starts Prism; resolves once it accepts requests. */
export async function startPrism(options: PrismOptions = {}): Promise<PrismServer> {
  const { host = "127.0.0.1", port: wanted, spec = bundledSpecPath(), upstream, onViolation } = options;
  // A port in use fails here in one line, rather than with Prism's whole help text.
  const port = await freePort(host, wanted).catch(({ code, message }: NodeJS.ErrnoException) => {
    const reason = PORT_ERRORS[code ?? ""] ?? `cannot be listened on (${code ?? message})`;
    throw new Error(`port ${wanted} on ${host} ${reason}: pick another, or leave the port out for a free one`);
  });
  const mode = upstream ? ["proxy", spec, upstream] : ["mock", spec];
  // Prism's own bin under node, in its own process group, so that closing it leaves nothing behind.
  const child = spawn(process.execPath, [prismBin(), ...mode, "-h", host, "-p", String(port), "--errors"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGTERM");
  };
  let output = "";
  child.stderr.on("data", (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      stop();
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
  return {
    url: `http://${host}:${port}`,
    output: () => output,
    async close() {
      stop();
      await exited;
    },
  };
}
