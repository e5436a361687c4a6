/** Starts bench/helpers/loopback-app-server.mjs in its own process and speaks its stdin/stdout line protocol. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface AppServer {
  /** http://127.0.0.1:port */
  baseUrl: string;
  /** Sends one command ("count", "release") and resolves with the server's one-line answer. */
  command(line: "count" | "release"): Promise<string>;
  close(): void;
}

export async function startAppServer(): Promise<AppServer> {
  const script = fileURLToPath(new URL("./loopback-app-server.mjs", import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await Promise.race([
    lines.next(),
    once(child, "exit").then(([code]) => {
      throw new Error(`the loopback server exited (${String(code)}) before printing its port`);
    }),
  ]);
  const baseUrl = `http://127.0.0.1:${Number(String(first.value).trim())}`;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    baseUrl,
    command(line) {
      // One command at a time, so that each answer pairs with its command.
      const answer = queue.then(async () => {
        child.stdin!.write(`${line}\n`);
        const next = await lines.next();
        if (next.done) throw new Error("the loopback server closed its output");
        return String(next.value).trim();
      });
      queue = answer.catch(() => {});
      return answer;
    },
    close() {
      child.stdin!.end();
      child.kill();
    },
  };
}
