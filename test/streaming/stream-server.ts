/** A scripted streaming server for the tests, and the client pointed at it; closed in teardown. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach } from "vitest";
import { createAlliClient, type AlliClient, type ClientOptions } from "../../src/client.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

export interface StreamServer extends ScriptedServer {
  alli: AlliClient;
  /** Resolves when the client hangs up on request `index` before the server ended its response. */
  hungUp(index?: number): Promise<void>;
}

export type Script = (res: ServerResponse, req: IncomingMessage, body: Buffer, index: number) => void | Promise<void>;

const open: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

/** Starts a server whose every request runs `script` (the status and headers are the script's to write). */
export async function startStreamServer(
  script: Script,
  options: Omit<ClientOptions, "baseUrl"> = {},
): Promise<StreamServer> {
  const hangUps: Array<{ promise: Promise<void>; resolve: () => void }> = [];
  const hangUp = (index: number) => {
    while (hangUps.length <= index) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      hangUps.push({ promise, resolve });
    }
    return hangUps[index]!;
  };
  const server = await startServer(async (req, res, body, index) => {
    res.on("close", () => {
      if (!res.writableEnded) hangUp(index).resolve();
    });
    await script(res, req, body, index);
  });
  open.push(server);
  return {
    ...server,
    alli: createAlliClient({ apiKey: "test-key", ...options, baseUrl: server.url }),
    hungUp: (index = 0) => hangUp(index).promise,
  };
}

/** Writes the head of an event stream. */
export function sseHead(res: ServerResponse, contentType = "text/event-stream"): void {
  res.writeHead(200, { "content-type": contentType, "cache-control": "no-cache" });
}

/** `data: <json>` and the blank line. */
export const sse = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;

/** A promise and the function that settles it, for a server that waits on the test. */
export function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

export const chat = { body: { messages: [{ role: "user" as const, content: "hi" }] } };
