/** `alli mcp`: the API as MCP tools for agents; the MCP SDK (an optional peer dependency) loads only here. */
import { readFileSync } from "node:fs";
import { bundledSpecPath, packageRoot } from "../node/prism-server.js";
import { CLIENT_FLAGS, CLIENT_HELP, clientFromFlags, type Command } from "./command.js";
import { EXIT, parseFlags, portFlag, UsageError } from "./command.js";

const S = { type: "string" } as const;
const IDENTITY = { "own-user-id": S, "user-email": S, "agent-email": S } as const;
const OPTIONS = { ...CLIENT_FLAGS, ...IDENTITY, tools: S, "allow-writes": { type: "boolean" }, http: S } as const;
const MCP_SDK = "@modelcontextprotocol/sdk";
const USAGE = `Usage: alli mcp [--allow-writes] [--tools NAME,RESOURCE,...] [--tools dynamic] [--http PORT] [options]

Serves the Alli API to an agent as MCP tools, one per operation of the spec (named by the SDK's methods), on
stdin/stdout (or Streamable HTTP on 127.0.0.1). Every call goes through the SDK: its checks, retries and errors.
Needs the MCP SDK: npm install ${MCP_SDK}

Options:
  --allow-writes              serve the writes too (default: only the reads, GETs)
  --tools LIST                serve only these (comma-separated): operations by name, writes included if named, and
                              resources by the spec's tag (e.g. Conversations): their reads, or with --allow-writes all
  --tools dynamic             three tools instead: list_operations, get_operation_schema, call_operation (with a LIST
                              too, e.g. --tools dynamic,Conversations: over those operations only)
  --http PORT                 Streamable HTTP at http://127.0.0.1:PORT/mcp (0: a free port, printed)
  --own-user-id ID            OWN-USER-ID of every call
  --user-email EMAIL          USER-EMAIL of every call
  --agent-email EMAIL         AGENT-EMAIL of every call
${CLIENT_HELP}`;

/** The server module, which imports the MCP SDK: missing, it is one line saying what to install. */
async function loadServer() {
  try {
    return await import("../mcp/server.js");
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code !== "ERR_MODULE_NOT_FOUND" || !message.includes(MCP_SDK)) throw error;
    throw new Error(`alli mcp needs the MCP SDK: npm install ${MCP_SDK}@^1.32`, { cause: error });
  }
}

export const mcp: Command = {
  name: ["mcp"],
  summary: "serve the API as MCP tools to an agent (stdio, or --http); reads only unless --allow-writes",
  async run(args, ctx) {
    const values = parseFlags(args, OPTIONS, USAGE, ctx);
    if (!values) return EXIT.ok;
    const listed = values.tools
      ?.trim()
      .split(/\s*,\s*/)
      .filter(Boolean);
    const dynamic = listed?.includes("dynamic") ?? false;
    const only = listed?.filter((name) => name !== "dynamic");
    const port = portFlag("http", values.http, 0);
    const identity = { ownUserId: "own-user-id", userEmail: "user-email", agentEmail: "agent-email" } as const;
    const user = Object.fromEntries(
      Object.entries(identity).flatMap(([key, flag]) => (values[flag] === undefined ? [] : [[key, values[flag]]])),
    );
    const alli = clientFromFlags(values, ctx).withOptions({ user });
    const { catalogOf, serveHttp, serveStdio } = await loadServer();
    const spec = JSON.parse(readFileSync(bundledSpecPath(), "utf8")) as never;
    const filter = { allowWrites: Boolean(values["allow-writes"]), only: only?.length ? only : undefined };
    let catalog;
    try {
      catalog = catalogOf({ alli, spec, filter, dynamic });
    } catch (error) {
      if (!filter.only) throw error; // not a name given with --tools: the spec's own fault, not a usage error
      throw new UsageError(`--tools: ${(error as Error).message}`);
    }
    let removeInterrupt = () => {};
    const interrupted = new Promise<void>((resolve) => (removeInterrupt = ctx.onInterrupt(resolve)));
    if (port === undefined) await serveStdio(catalog, packageRoot().version, interrupted);
    else {
      const http = await serveHttp(catalog, packageRoot().version, port);
      ctx.stdout.write(`alli mcp: Streamable HTTP on ${http.url} (Ctrl-C to stop)\n`);
      await interrupted;
      await new Promise((resolve) => http.close(resolve).closeAllConnections());
    }
    removeInterrupt();
    return EXIT.ok;
  },
};
