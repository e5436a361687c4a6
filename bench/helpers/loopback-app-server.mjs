// A loopback server for bench/request-overhead.ts and bench/cold-start.ts, run in its own process
// so that its work (and its memory) does not share the client's event loop: answers every request
// with one small app as JSON, keep-alive on. Prints its port on stdout, then serves until killed.
//
// GET /webapi/v2/apps/parked is held open instead (for the in-flight memory measurement) until a
// "release" line arrives on stdin; those answers close their connection, so no idle socket is left
// behind. Commands on stdin, one per line, each answered with one line on stdout:
//   count    → how many requests are held now
//   release  → answers every held request, then prints how many it released
import { createServer } from "node:http";
import { createInterface } from "node:readline";

const body = JSON.stringify({
  id: "app_1",
  name: "Support assistant",
  description: "Answers questions from the support knowledge base.",
  type: "chat",
  category: "general",
  published: true,
});
const headers = {
  "content-type": "application/json",
  "content-length": Buffer.byteLength(body),
  "x-request-id": "req_1",
};
const closing = { ...headers, connection: "close" };

/** @type {import("node:http").ServerResponse[]} */
let parked = [];

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    if (req.url === "/webapi/v2/apps/parked") {
      parked.push(res);
      return;
    }
    res.writeHead(200, headers);
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
// Room for a few thousand connections opened at once (Node's default backlog is 511).
server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, () => console.log(server.address().port));

const input = createInterface({ input: process.stdin });
input.on("line", (line) => {
  const command = line.trim();
  if (command === "count") {
    console.log(parked.length);
  } else if (command === "release") {
    const held = parked;
    parked = [];
    for (const res of held) {
      res.writeHead(200, closing);
      res.end(body);
    }
    console.log(held.length);
  }
});
// The parent went away: stop serving.
input.on("close", () => process.exit(0));
