/** Calls a tool through the client's method (its checks, retries, errors) and shapes the answer for an agent. */
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import type { AlliClient, AlliStream, Page, PaginatedPath } from "../index.js";
import { cutAfterRedacting, redact } from "../errors/redact.js";
import type { JsonObject } from "../node/answer-check.js";
import { csvCells } from "../node/csv-records.js";
import { MAX_ITEMS, type OperationTool } from "./tools.js";

/** What `tools/call` answers: text for every client, the object itself where the tool declares its schema. */
export type ToolResult = { content: { type: "text"; text: string }[]; structuredContent?: object; isError?: boolean };
type Obj = Record<string, unknown>;
type Method = (...args: unknown[]) => unknown;

const MAX_TEXT = 50_000; // characters of one answer's text: a model's context is the scarce thing, not bandwidth
const CSV_ROWS_SHOWN = 5;
/** The client's own validator (the SDK's default Ajv), so that what passes here passes in the client too. */
const validator = new AjvJsonSchemaValidator();

const cut = (text: string) => cutAfterRedacting(text, MAX_TEXT); // the SDK's: redacted, then cut, "…" at the cut
const textResult = (text: string, isError = false): ToolResult => ({
  content: [{ type: "text", text: cut(text) }],
  ...(isError ? { isError } : {}),
});
/** Any failure as a tool error: the SDK's one-line message (redacted again, in case it is not an SDK error). */
export const errorResult = (error: unknown) =>
  textResult((error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, " "), true);

/** The audit-log CSV as an agent can use it: how many rows, which columns, the first rows as objects. */
async function csvSummary(csv: string): Promise<string> {
  const records: string[][] = [];
  for await (const batch of csvCells(new Blob([csv]).stream())) records.push(...batch); // the SDK's reader
  const [columns = [], ...rows] = records;
  const shown = rows.slice(0, CSV_ROWS_SHOWN).map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i]])));
  const first = `First ${shown.length} rows`;
  return `CSV: ${rows.length} rows; columns: ${columns.join(", ") || "none"}\n${first}:\n${JSON.stringify(shown)}`;
}
/** A JSON answer: with `structuredContent` when the tool declares its schema and the answer matches it. */
function jsonResult(tool: OperationTool, value: unknown): ToolResult {
  const clean = redact(value);
  const text = JSON.stringify(clean) ?? "null";
  if (!tool.outputSchema) return textResult(text);
  const check = validator.getValidator(tool.outputSchema)(clean);
  if (check.valid) return { content: [{ type: "text", text: cut(text) }], structuredContent: clean as object };
  // Not a protocol error in the client (it would refuse the result): the agent gets the answer and why it is odd.
  const why = `${tool.name}: the answer drifted from the spec (${check.errorMessage}); the answer as sent:\n${text}`;
  return textResult(why, true);
}

/** One page and the arguments of the next; `maxItems` sets the page size where the operation has one. */
async function onePage(tool: OperationTool, call: (params: Obj, options: Obj) => unknown, params: Obj, max?: number) {
  const walk = tool.walk!;
  const sizeParam = String(walk.pageSizeParam ?? walk.limitParam ?? "");
  const most = tool.op.query?.[sizeParam]?.maximum ?? Infinity;
  if (max !== undefined && sizeParam && params[sizeParam] === undefined) params[sizeParam] = Math.min(max, most);
  const pages = (call(params, { maxPages: 1 }) as { pages(): AsyncIterator<Page<PaginatedPath>> }).pages();
  const page = (await pages.next()).value as Page<PaginatedPath>;
  await pages.return?.(); // the walk's end, at once: nothing is left waiting for a next page
  const items = page.items as unknown[];
  let next = page.next as Obj | null;
  let left = 0;
  if (max !== undefined && items.length > max) {
    // Offsets go on from the last item shown; a cursor or page number cannot, so the rest of the page is skipped.
    if ("offset" in page.position) next = { ...page.position, offset: page.position.offset + max };
    else left = items.length - max;
  }
  const shown = items.slice(0, max);
  const nextPage = next && Object.fromEntries(Object.entries(next).map(([k, v]) => [String(walk[`${k}Param`]), v]));
  const field = walk.itemsField === undefined ? undefined : String(walk.itemsField);
  const body = field ? { ...(page.data as Obj), [field]: shown, nextPage } : { items: shown, nextPage };
  const note = left ? `\n(${left} more items of this page left out by maxItems; the next page starts after them)` : "";
  return { body, note };
}

/** Calls `tool` with the agent's arguments; never throws: every failure is a result with `isError`. */
export async function callTool(alli: AlliClient, tool: OperationTool, args: Obj, signal?: AbortSignal) {
  try {
    const names = Object.keys(tool.inputSchema.properties as JsonObject);
    const unknown = Object.keys(args).filter((name) => !names.includes(name));
    if (unknown.length)
      return errorResult(`${unknown.join(", ")}: not an argument of ${tool.name} (its arguments: ${names.join(", ")})`);
    const { [MAX_ITEMS]: max, ...rest } = args;
    const pathNames = Object.keys(tool.op.pathParams ?? {});
    const params = Object.fromEntries(Object.entries(rest).filter(([name]) => !pathNames.includes(name)));
    const method = (alli as unknown as Record<string, Method>)[tool.name]!;
    const hasParams = Boolean(tool.op.query || tool.op.requestBody);
    const call = (p: Obj, options: Obj) =>
      method(...pathNames.map((name) => rest[name]), ...(hasParams ? [p] : []), { ...options, signal });
    if (tool.walk) {
      if (max !== undefined && !(Number.isInteger(max) && (max as number) >= 1))
        return errorResult(`${MAX_ITEMS}: must be a whole number ≥ 1, got ${JSON.stringify(max)}`);
      const { body, note } = await onePage(tool, call, params, max as number | undefined);
      const result = jsonResult(tool, body); // an array page has no outputSchema: its body is no object
      return note ? { ...result, content: [...result.content, { type: "text" as const, text: note }] } : result;
    }
    const trigger = tool.streams?.trigger;
    if (trigger === "always" || (trigger && params[trigger.field] === trigger.value)) {
      const { text, last, eventCount } = await (call(params, {}) as AlliStream<unknown>).final();
      return textResult(text || `${eventCount} events; the last:\n${JSON.stringify(redact(last))}`);
    }
    const data = await call(params, {});
    if (tool.op.textAnswer === "text/csv") return textResult(await csvSummary(String(data)));
    if (tool.op.textAnswer) return textResult(String(data));
    if (data === undefined) {
      const done = textResult(`done: ${tool.op.method.toUpperCase()} ${tool.op.path} answered no content`);
      // A tool with an outputSchema must give structuredContent, or the client refuses the result: none of its fields.
      return tool.outputSchema ? { ...done, structuredContent: {} } : done;
    }
    return jsonResult(tool, data);
  } catch (error) {
    return errorResult(error);
  }
}
