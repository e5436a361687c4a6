/** The tools a server lists and how it calls them: one per allowed operation, or the dynamic three that reach them. */
import type { AlliClient } from "../index.js";
import { callTool, errorResult, type ToolResult } from "./call-tool.js";
import { definitionOf, type OperationTool } from "./tools.js";

type Obj = Record<string, unknown>;
export type Catalog = {
  definitions: object[];
  call(name: string, args: Obj, signal?: AbortSignal): Promise<ToolResult>;
};
type Tool = OperationTool & { allowed: boolean };

/** The allowed tool called `name`, or why it cannot be called: unknown, or not served by this server's flags. */
function lookup(tools: Tool[], name: unknown): Tool | ToolResult {
  const tool = tools.find((t) => t.name === name);
  if (!tool) return errorResult(`${JSON.stringify(name)}: no such tool or operation`);
  if (tool.allowed) return tool;
  const route = `${tool.op.method.toUpperCase()} ${tool.op.path}`;
  return errorResult(
    `${tool.name} (${route}) is not allowed: start alli mcp with --allow-writes or --tools ${tool.name}`,
  );
}
const isTool = (found: Tool | ToolResult): found is Tool => "op" in found;
/** Calls the operation `name` with `args`, if this server allows it. */
const callByName = (alli: AlliClient, tools: Tool[], name: unknown, args: Obj, signal?: AbortSignal) => {
  const found = lookup(tools, name);
  return isTool(found) ? callTool(alli, found, args, signal) : found;
};
export function operationCatalog(alli: AlliClient, tools: Tool[]): Catalog {
  return {
    definitions: tools.filter((tool) => tool.allowed).map(definitionOf),
    call: async (name, args, signal) => callByName(alli, tools, name, args, signal),
  };
}

const NAME = { type: "string", description: "The operation's name, as list_operations gives it" };
const ARGUMENTS = { type: "object", description: "The operation's arguments" };
function input(properties: Obj, required?: string[]) {
  return { type: "object", properties, ...(required && { required }), additionalProperties: false };
}
const DYNAMIC = [
  {
    name: "list_operations",
    title: "List the Alli API operations",
    description: "The operations this server may call: name, summary, method and path. Optional search text.",
    inputSchema: input({ search: { type: "string" } }),
  },
  {
    name: "get_operation_schema",
    title: "Get an operation's input schema",
    description: "One operation's description, input schema (JSON Schema), output schema and annotations.",
    inputSchema: input({ name: NAME }, ["name"]),
  },
  {
    name: "call_operation",
    title: "Call an Alli API operation",
    description: "Calls one operation by name with its arguments (see get_operation_schema).",
    inputSchema: input({ name: NAME, arguments: ARGUMENTS }, ["name"]),
  },
];
/** `--tools dynamic`: three tools for clients whose context cannot hold every schema, with the same checks. */
export function dynamicCatalog(alli: AlliClient, tools: Tool[]): Catalog {
  const allowed = tools.filter((tool) => tool.allowed);
  const writes = allowed.some((tool) => !tool.annotations.readOnlyHint);
  // call_operation reads only if what it may call does, and it reaches the API (openWorldHint); the others do neither.
  const definitions = DYNAMIC.map((tool) => {
    const calls = tool.name === "call_operation";
    return { ...tool, annotations: { title: tool.title, readOnlyHint: !calls || !writes, openWorldHint: calls } };
  });
  const text = (text: string): ToolResult => ({ content: [{ type: "text", text }] });
  const handlers: Record<string, (args: Obj, signal?: AbortSignal) => Promise<ToolResult> | ToolResult> = {
    list_operations: ({ search = "" }) => {
      const term = String(search).toLowerCase();
      const found = allowed.filter((t) => [t.name, t.description].some((s) => s.toLowerCase().includes(term)));
      const lines = found.map((t) => `${t.name}: ${t.op.method.toUpperCase()} ${t.op.path} — ${t.title}`);
      return text(lines.join("\n") || `no operation matches ${JSON.stringify(search)}`);
    },
    get_operation_schema: ({ name }) => {
      const found = lookup(tools, name);
      return isTool(found) ? text(JSON.stringify(definitionOf(found))) : found;
    },
    call_operation: async ({ name, arguments: args = {} }, signal) =>
      typeof args !== "object" || args === null || Array.isArray(args)
        ? errorResult("arguments: must be an object of the operation's arguments")
        : callByName(alli, tools, name, args as Obj, signal),
  };
  return {
    definitions,
    // Own names only: `toString` or `__proto__` is no tool.
    call: async (name, args, signal) =>
      Object.hasOwn(handlers, name) ? handlers[name]!(args, signal) : (lookup([], name) as ToolResult),
  };
}
