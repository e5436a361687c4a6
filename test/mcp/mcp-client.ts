/** The MCP SDK's own Client over stdio, spawning `alli mcp` under tsx; every message it receives is kept raw. */
import { join } from "node:path";
import { expect } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ROOT } from "../helpers/spec.js";

export const MAIN = join(ROOT, "src", "cli", "main.ts");
export const KEY = "mcp-secret-key-4711";

export type Connected = { client: Client; raw: string[]; stderr(): string; close(): Promise<void> };
/** `alli mcp <args>` with ALLI_API_KEY=KEY, its tools listed; `raw` collects every JSON-RPC message the client receives, as sent. */
export async function connect(args: string[]): Promise<Connected> {
  const { ALLI_API_KEY: _unused, ...env } = process.env as Record<string, string>;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ["--import", "tsx", MAIN, "mcp", ...args],
    env: { ...env, ALLI_API_KEY: KEY },
    cwd: ROOT,
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: "alli-sdk-test", version: "0" });
  const raw: string[] = [];
  await client.connect(transport);
  const deliver = transport.onmessage!;
  transport.onmessage = (message) => {
    raw.push(JSON.stringify(message));
    deliver(message);
  };
  await client.listTools(); // as a client does: it then checks each result against the tool's outputSchema
  return { client, raw, stderr: () => stderr, close: () => client.close() };
}
/** A tool result's text, joined. */
export const textOf = (result: object) =>
  (result as { content: { text?: string }[] }).content.map((part) => part.text ?? "").join("\n");
/** Closes a test's session, once it has checked that no message the client received, nor stderr, holds the key. */
export async function closeChecked(session: Connected | undefined) {
  if (session) {
    expect(session.raw.join("\n")).not.toContain(KEY);
    expect(session.stderr()).not.toContain(KEY);
  }
  await session?.close();
}
