/** One MCP tool per operation, from the spec and the generated metadata: a new operation is a new tool, unedited. */
import { allOperations, paginationAt, streamingAt, type OperationMeta } from "../core/operations.js";
import type { PaginationMeta, StreamingMeta } from "../core/operations.js";
import { isRetryable } from "../core/retry-policy.js";
import { redactText } from "../errors/redact.js";
import type { JsonObject } from "../node/answer-check.js";
import { inputSchemaOf, outputSchemaOf, specOperation } from "./schemas.js";

/** What the MCP client lists (`tools/list`). */
export type ToolDefinition = {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonObject;
  outputSchema?: JsonObject;
  annotations: { title: string; readOnlyHint: boolean; openWorldHint: boolean } & Record<string, boolean | string>;
};
/** A tool with what calling it needs: the operation, and how its answer is shaped. */
export type OperationTool = ToolDefinition & { op: OperationMeta; tags: string[] } & {
  walk?: PaginationMeta;
  streams?: StreamingMeta;
};

export const MAX_ITEMS = "maxItems";
const NEXT_PAGE = {
  type: ["object", "null"],
  description: "The arguments that fetch the next page (pass them with the same others); null on the last page",
};
const oneLine = (text: unknown) => (typeof text === "string" ? text.replace(/\s+/g, " ").trim() : "");

function toolOf(spec: JsonObject, op: OperationMeta): OperationTool {
  const method = op.method.toUpperCase();
  const documented = specOperation(spec, method, op.path);
  const [summary, details] = [oneLine(documented.summary), oneLine(documented.description)];
  const walk = paginationAt(method, op.path);
  const streams = streamingAt(method, op.path);
  const inputSchema = inputSchemaOf(spec, method, op.path);
  const outputSchema = streams ? undefined : outputSchemaOf(spec, method, op.path); // a stream's shape is its events'
  const notes = [`${method} ${op.path}.`];
  if (walk) {
    const properties = inputSchema.properties as JsonObject;
    if (MAX_ITEMS in properties) throw new Error(`${op.operationId}: the spec has its own "${MAX_ITEMS}"`);
    properties[MAX_ITEMS] = { type: "integer", minimum: 1, description: "At most this many items of the page" };
    if (outputSchema) outputSchema.properties = { ...(outputSchema.properties as JsonObject), nextPage: NEXT_PAGE };
    notes.push("Returns one page and `nextPage`, the arguments for the next one.");
  }
  if (streams) notes.push("A streamed answer is collected into its final text (cut past a size limit).");
  if (op.textAnswer === "text/csv") notes.push("Summarised: row count, columns and the first rows.");
  const title = redactText(summary || op.operationId);
  const readOnly = method === "GET";
  // Writes: the SDK's own rule for what may be sent twice (its retries): GET, PUT, DELETE yes; POST, PATCH no.
  const write = { destructiveHint: method === "DELETE", idempotentHint: isRetryable({ method, idempotent: false }) };
  // openWorldHint: each call reaches the Alli API, outside this process.
  const annotations = { title, readOnlyHint: readOnly, ...(readOnly ? {} : write), openWorldHint: true };
  const description = redactText(
    [summary, details !== summary && details, notes.join(" ")].filter(Boolean).join("\n\n"),
  );
  const tags = Array.isArray(documented.tags) ? documented.tags.map(String) : [];
  const name = op.operationId;
  return { name, title, description, inputSchema, outputSchema, annotations, op, tags, walk, streams };
}

/** Which operations the server offers: the reads (GETs) or, with `allowWrites`, every operation; `only` narrows this
 * to the operations and resources (the spec's tags) it names, an operation named being served even if it writes. */
export type ToolFilter = { allowWrites: boolean; only?: readonly string[] };
/** Every operation's tool, in spec order, and whether `filter` allows it; an unknown name in `filter.only` throws. */
export function operationTools(spec: JsonObject, filter: ToolFilter): (OperationTool & { allowed: boolean })[] {
  const tools = Object.values(allOperations()).map((op) => toolOf(spec, op));
  const tags = [...new Set(tools.flatMap((tool) => tool.tags))];
  const unknown = filter.only?.filter((name) => !tags.includes(name) && !tools.some((tool) => tool.name === name));
  if (unknown?.length) {
    const names = tools.map((tool) => tool.name).join(", ");
    throw new Error(`unknown ${unknown.join(", ")}; the resources are ${tags.join(", ")}, the operations ${names}`);
  }
  const allows = (tool: OperationTool) =>
    filter.only?.includes(tool.name) ||
    ((filter.allowWrites || tool.annotations.readOnlyHint) &&
      (!filter.only || tool.tags.some((t) => filter.only!.includes(t))));
  return tools.map((tool) => ({ ...tool, allowed: allows(tool) }));
}
/** The tool as the client lists it, without its call plan (an undefined outputSchema is left out by JSON). */
export function definitionOf(tool: ToolDefinition): ToolDefinition {
  const { name, title, description, inputSchema, outputSchema, annotations } = tool;
  return { name, title, description, inputSchema, outputSchema, annotations };
}
