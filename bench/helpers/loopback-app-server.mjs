// A loopback server for bench/request-overhead.ts, run in its own process so that its work
// does not share the client's event loop: answers every request with one small app as JSON,
// keep-alive on. Prints its port on stdout, then serves until killed.
import { createServer } from "node:http";

const body = JSON.stringify({
  id: "app_1",
  name: "Support assistant",
  description: "Answers questions from the support knowledge base.",
  type: "chat",
  category: "general",
  published: true,
});
const headers = { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-request-id": "req_1" };

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, headers);
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
