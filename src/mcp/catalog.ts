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

/** Why `name` cannot be called: unknown, or a write this server was not started to allow. */
function refusal(tools: Tool[], name: unknown): ToolResult | undefined {
  const tool = tools.find((t) => t.name === name);
  if (!tool) return errorResult(`${JSON.stringify(name)}: no such tool or operation`);
  if (tool.allowed) return undefined;
  const route = `${tool.op.method.toUpperCase()} ${tool.op.path}`;
  return errorResult(
    `${tool.name} (${route}) is not allowed: start alli mcp with --allow-writes or --tools ${tool.name}`,
  );
}
export function operationCatalog(alli: AlliClient, tools: Tool[]): Catalog {
  const allowed = tools.filter((tool) => tool.allowed);
  return {
    definitions: allowed.map(definitionOf),
    call: async (name, args, signal) =>
      refusal(tools, name) ??
      callTool(
        alli,
        allowed.find((tool) => tool.name === name)!,
        args,
        signal,
      ),
  };
}

const NAME = { type: "string", description: "The operation's name, as list_operations gives it" };
const READ = { readOnlyHint: true, openWorldHint: false };
const DYNAMIC = [
  {
    name: "list_operations",
    title: "List the Alli API operations",
    description: "The operations this server may call: name, summary, method and path. Optional search text.",
    inputSchema: { type: "object", properties: { search: { type: "string" } }, additionalProperties: false },
    annotations: { title: "List the Alli API operations", ...READ },
  },
  {
    name: "get_operation_schema",
    title: "Get an operation's input schema",
    description: "One operation's description, input schema (JSON Schema), output schema and annotations.",
    inputSchema: { type: "object", properties: { name: NAME }, required: ["name"], additionalProperties: false },
    annotations: { title: "Get an operation's input schema", ...READ },
  },
];
/** `--tools dynamic`: three tools for clients whose context cannot hold every schema, with the same checks. */
export function dynamicCatalog(alli: AlliClient, tools: Tool[]): Catalog {
  const allowed = tools.filter((tool) => tool.allowed);
  const writes = allowed.some((tool) => !tool.annotations.readOnlyHint);
  const call = {
    name: "call_operation",
    title: "Call an Alli API operation",
    description: "Calls one operation by name with its arguments (see get_operation_schema).",
    inputSchema: {
      type: "object",
      properties: { name: NAME, arguments: { type: "object", description: "The operation's arguments" } },
      required: ["name"],
      additionalProperties: false,
    },
    annotations: { title: "Call an Alli API operation", readOnlyHint: !writes, openWorldHint: true },
  };
  const matches = (tool: Tool, search: string) =>
    [tool.name, tool.description].some((text) => text.toLowerCase().includes(search.toLowerCase()));
  const handlers: Record<string, (args: Obj, signal?: AbortSignal) => Promise<ToolResult> | ToolResult> = {
    list_operations: ({ search = "" }) => {
      const found = allowed.filter((tool) => matches(tool, String(search)));
      const lines = found.map((t) => `${t.name}: ${t.op.method.toUpperCase()} ${t.op.path} — ${t.title}`);
      return {
        content: [{ type: "text", text: lines.join("\n") || `no operation matches ${JSON.stringify(search)}` }],
      };
    },
    get_operation_schema: ({ name }) =>
      refusal(tools, name) ?? {
        content: [{ type: "text", text: JSON.stringify(definitionOf(allowed.find((t) => t.name === name)!)) }],
      },
    call_operation: async ({ name, arguments: args = {} }, signal) => {
      if (typeof args !== "object" || args === null || Array.isArray(args))
        return errorResult("arguments: must be an object of the operation's arguments");
      return (
        refusal(tools, name) ??
        callTool(
          alli,
          allowed.find((t) => t.name === name)!,
          args as Obj,
          signal,
        )
      );
    },
  };
  return {
    definitions: [...DYNAMIC, call],
    // Own names only: `toString` or `__proto__` is no tool.
    call: async (name, args, signal) =>
      Object.hasOwn(handlers, name) ? handlers[name]!(args, signal) : refusal([], name)!,
  };
}
