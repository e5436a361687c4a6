/** The `alli mcp` server: the catalog's tools over stdio, or over Streamable HTTP on a loopback port. */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type { AlliClient } from "../index.js";
import type { JsonObject } from "../node/answer-check.js";
import { dynamicCatalog, operationCatalog, type Catalog } from "./catalog.js";
import { operationTools, type ToolFilter } from "./tools.js";

export type McpOptions = { alli: AlliClient; spec: JsonObject; filter: ToolFilter; dynamic: boolean };

/** The tools `options` select, built once: an unknown name in `--tools` fails here, before any client connects. */
export function catalogOf({ alli, spec, filter, dynamic }: McpOptions): Catalog {
  const tools = operationTools(spec, filter);
  return dynamic ? dynamicCatalog(alli, tools) : operationCatalog(alli, tools);
}
function mcpServer(catalog: Catalog, version: string): Server {
  const server = new Server({ name: "alli", title: "Alli API", version }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: catalog.definitions }));
  server.setRequestHandler(CallToolRequestSchema, ({ params }, { signal }) =>
    catalog.call(params.name, params.arguments ?? {}, signal),
  );
  return server;
}

/** Serves on this process's stdin and stdout until stdin ends (the client left) or `stop` resolves. */
export async function serveStdio(catalog: Catalog, version: string, stop: Promise<void>): Promise<void> {
  const server = mcpServer(catalog, version);
  await server.connect(new StdioServerTransport());
  const ended = new Promise<void>((resolve) => process.stdin.once("end", resolve).once("close", resolve));
  await Promise.race([ended, stop]);
  await server.close();
}

/** Streamable HTTP at `http://127.0.0.1:<port>/mcp`, stateless: each request gets its own server and transport. */
export async function serveHttp(
  catalog: Catalog,
  version: string,
  port: number,
): Promise<HttpServer & { url: string }> {
  const http = createServer((req, res) => {
    // The path as sent, not parsed: `new URL` throws on a target such as `http://[`, which would end the server.
    if (req.url?.split("?")[0] !== "/mcp") return res.writeHead(404).end();
    const { port: bound } = http.address() as AddressInfo;
    // Only this machine's names: a web page on another origin cannot reach the key through DNS rebinding.
    const allowedHosts = [`127.0.0.1:${bound}`, `localhost:${bound}`];
    const transport = new StreamableHTTPServerTransport({
      enableJsonResponse: true,
      enableDnsRebindingProtection: true,
      allowedHosts,
    });
    const server = mcpServer(catalog, version);
    res.once("close", () => void server.close());
    void server
      .connect(transport as never)
      .then(() => transport.handleRequest(req, res))
      .catch(() => res.headersSent || res.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => http.once("error", reject).listen(port, "127.0.0.1", resolve));
  return Object.assign(http, { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp` });
}
