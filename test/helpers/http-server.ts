/** A scripted node:http server on a free loopback port, closed in teardown (connections included). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

export interface ScriptedServer {
  url: string;
  server: Server;
  /** Every request the server received, in order, with its body. */
  requests: Array<{ method: string; url: string; headers: IncomingMessage["headers"]; body: Buffer }>;
  /**
   * Sockets that carried a request and are still open (a test checks that the SDK closed its
   * connection). Idle connections a client's pool opens ahead of time are not counted.
   */
  openSockets(): number;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer, index: number) => void | Promise<void>;

export async function startServer(handler: Handler): Promise<ScriptedServer> {
  const requests: ScriptedServer["requests"] = [];
  const sockets = new Set<Socket>();
  const used = new Set<Socket>();
  const server = createServer(async (req, res) => {
    if (!req.socket.destroyed) used.add(req.socket);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const index = requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body }) - 1;
    try {
      await handler(req, res, body, index);
    } catch (error) {
      if (!res.headersSent) res.writeHead(599);
      res.end(String(error));
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => {
      sockets.delete(socket);
      used.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    requests,
    openSockets: () => used.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
