/**
 * `alli mcp` against the Prism mock, driven by the MCP SDK's own Client over stdio: the tools each mode lists, their
 * schemas against the spec (read here, not from the code under test), annotations, structured output, calls with
 * good and bad input, and the key never in any message the client receives.
 */
import { afterEach, describe, expect, inject, it } from "vitest";
import { allOperations, spec } from "../helpers/spec.js";
import { closeChecked, connect, textOf, type Connected } from "./mcp-client.js";

let session: Connected | undefined;
afterEach(async () => {
  await closeChecked(session);
  session = undefined;
});
const start = async (...args: string[]) => (session = await connect(["--base-url", inject("prismUrl"), ...args]));

const resolve = (node: any): any =>
  node?.$ref ? resolve(spec.components[node.$ref.split("/")[2]][node.$ref.split("/")[3]]) : node;
/** The spec's own inputs of an operation: path and query parameters, and body fields that are not files. */
function specInputs(operation: any): { names: string[]; required: string[] } {
  const params = (operation.parameters ?? []).map(resolve).filter((p: any) => p.in === "path" || p.in === "query");
  const content = resolve(operation.requestBody)?.content ?? {};
  const body = resolve((content["application/json"] ?? content["multipart/form-data"])?.schema) ?? {};
  const fields = Object.entries<any>(body.properties ?? {}).filter(([, f]) => f.items?.format !== "binary");
  return {
    names: [...params.map((p: any) => p.name), ...fields.map(([name]) => name)].sort(),
    required: [
      ...params.filter((p: any) => p.required).map((p: any) => p.name),
      ...(body.required ?? []).filter((name: string) => fields.some(([field]) => field === name)),
    ].sort(),
  };
}
const GETS = allOperations().filter(({ method }) => method === "get");

describe("alli mcp over stdio, against the Prism mock", () => {
  it("lists one tool per GET by default, each with the spec's inputs, no $ref, and read-only annotations", async () => {
    const { client } = await start();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(GETS.map(({ operation }) => operation.operationId).sort());
    expect(JSON.stringify(tools)).not.toContain("$ref");
    expect(JSON.stringify(tools)).not.toMatch(/"(example|x-[\w-]+)":/); // OpenAPI's own keywords: plain JSON Schema
    for (const { operation, path } of GETS) {
      const tool = tools.find((t) => t.name === operation.operationId)!;
      const { names, required } = specInputs(operation);
      const paginated = operation["x-alli-pagination"] ? ["maxItems"] : [];
      expect(Object.keys(tool.inputSchema.properties ?? {}).sort(), tool.name).toEqual([...names, ...paginated].sort());
      expect([...(tool.inputSchema.required ?? [])].sort(), tool.name).toEqual(required);
      expect(tool.description).toContain(`GET ${path}`);
      expect(tool.annotations).toEqual({ title: operation.summary, readOnlyHint: true, openWorldHint: true });
    }
    // Bounds and enums as the spec gives them.
    const logs = tools.find((t) => t.name === "listAuditLogs")!.inputSchema.properties as any;
    const specLogs = spec.paths["/webapi/v2/audit/logs"].get.parameters.map(resolve);
    const limit = specLogs.find((p: any) => p.name === "limit").schema;
    expect(logs.limit).toMatchObject({ minimum: limit.minimum, maximum: limit.maximum, type: "integer" });
    expect(logs.params.items.enum).toEqual(specLogs.find((p: any) => p.name === "params").schema.items.enum);
    expect(logs.beforeRange).toMatchObject({ minimum: 1, maximum: 31 });
  });

  it("declares a JSON object answer as a relaxed outputSchema and returns it as structuredContent", async () => {
    const { client } = await start();
    const { tools } = await client.listTools();
    const getApp = tools.find((t) => t.name === "getApp")!;
    const app = resolve(spec.paths["/webapi/v2/apps/{app_id}"].get.responses["200"].content["application/json"].schema);
    expect(Object.keys(getApp.outputSchema!.properties!).sort()).toEqual(Object.keys(app.properties).sort());
    expect(JSON.stringify(getApp.outputSchema)).not.toContain('"required"');
    const result = await client.callTool({ name: "getApp", arguments: { app_id: "app_1" } });
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toMatchObject({ id: expect.any(String), name: expect.any(String) });
    expect(JSON.parse(textOf(result))).toEqual(result.structuredContent);
  });

  it("returns one page with the arguments of the next, and at most maxItems items", async () => {
    const { client } = await start();
    const page = await client.callTool({ name: "listAuditLogs", arguments: { maxItems: 1 } });
    const body = page.structuredContent as { result: unknown[]; nextPage: unknown };
    expect(body.result).toHaveLength(1);
    expect(body.nextPage).toEqual({ offset: 1, limit: 1 });
  });

  it("summarises the audit-log CSV, and a bad input is a tool error naming the field, the server still serving", async () => {
    const { client } = await start();
    const csv = await client.callTool({ name: "downloadAuditLogs", arguments: { beforeRange: 7 } });
    expect(textOf(csv)).toMatch(/^CSV: 2 rows; columns: id, createdAt, agent, /);
    const bad = await client.callTool({ name: "listAuditLogs", arguments: { beforeRange: 99 } });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/^query\.beforeRange: must be an integer from 1 to 31, got 99/);
    const missing = await client.callTool({ name: "getConversationChat", arguments: { conversation_id: "c1" } });
    expect([missing.isError, textOf(missing)]).toEqual([true, expect.stringContaining("chat_id")]);
    const unknown = await client.callTool({ name: "getApp", arguments: { app_id: "a", appId: "b" } });
    expect(textOf(unknown)).toMatch(/^appId: not an argument of getApp/);
    const write = await client.callTool({ name: "createConversationCategory", arguments: { name: "x" } });
    expect([write.isError, textOf(write)]).toEqual([true, expect.stringContaining("--allow-writes")]);
    expect((await client.callTool({ name: "getApp", arguments: { app_id: "a" } })).isError).toBeUndefined();
  });

  it("with --allow-writes: every operation, writes annotated from their method, and a write call goes through", async () => {
    const { client } = await start("--allow-writes");
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(allOperations().length);
    const hints = (name: string) => tools.find((t) => t.name === name)!.annotations;
    expect(hints("deleteLlmPrompt")).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
    });
    expect(hints("createConversationCategory")).toMatchObject({ destructiveHint: false, idempotentHint: false });
    expect(hints("updateConversationTitle")).toMatchObject({ destructiveHint: false, idempotentHint: true });
    const created = await client.callTool({ name: "createConversationCategory", arguments: { name: "billing" } });
    expect(created.isError).toBeUndefined();
    const deleted = await client.callTool({ name: "deleteLlmPrompt", arguments: { llm_prompt_id: "p1" } });
    expect([deleted.isError, textOf(deleted)]).toEqual([undefined, expect.stringMatching(/^done: DELETE /)]);
  });

  it("--tools NAME,NAME serves exactly those, writes included", async () => {
    const { client } = await start("--tools", "listConversations,createConversationCategory");
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(["createConversationCategory", "listConversations"]);
  });

  it("--tools RESOURCE serves a tag's reads, its writes too with --allow-writes; names and resources mix", async () => {
    const tagged = (tag: string) => allOperations().filter(({ operation }) => operation.tags.includes(tag));
    const ids = (list: { operation: any }[]) => list.map(({ operation }) => operation.operationId as string).sort();
    const served = async (...args: string[]) => {
      const names = (await (await start(...args)).client.listTools()).tools.map((t) => t.name).sort();
      await session!.close();
      return names;
    };
    const reads = tagged("Conversations").filter(({ method }) => method === "get");
    expect(await served("--tools", "Conversations")).toEqual(ids(reads));
    expect(await served("--tools", "Conversations", "--allow-writes")).toEqual(ids(tagged("Conversations")));
    expect(await served("--tools", "Others,createConversationCategory")).toEqual(
      [...ids(tagged("Others").filter(({ method }) => method === "get")), "createConversationCategory"].sort(),
    );
    const { client } = await start("--tools", "dynamic,Conversations");
    const listed = textOf(await client.callTool({ name: "list_operations", arguments: {} })).split("\n");
    expect(listed.map((line) => line.split(":")[0]).sort()).toEqual(ids(reads));
  });

  it("--tools dynamic: list_operations, get_operation_schema and call_operation, with the read-only default", async () => {
    const { client } = await start("--tools", "dynamic");
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(["list_operations", "get_operation_schema", "call_operation"]);
    const listed = textOf(await client.callTool({ name: "list_operations", arguments: { search: "categor" } }));
    expect(listed).toContain("listConversationCategories: GET /webapi/v2/conversation_categories");
    expect(listed).not.toContain("createConversationCategory");
    const schema = await client.callTool({ name: "get_operation_schema", arguments: { name: "getConversationChat" } });
    expect(JSON.parse(textOf(schema)).inputSchema.required).toEqual(["conversation_id", "chat_id"]);
    const called = await client.callTool({
      name: "call_operation",
      arguments: { name: "getApp", arguments: { app_id: "a" } },
    });
    expect(called.structuredContent).toMatchObject({ id: expect.any(String) });
    const write = await client.callTool({
      name: "call_operation",
      arguments: { name: "createConversationCategory", arguments: { name: "x" } },
    });
    expect([write.isError, textOf(write)]).toEqual([true, expect.stringContaining("is not allowed")]);
    const bad = await client.callTool({
      name: "call_operation",
      arguments: { name: "listAuditLogs", arguments: { limit: 0 } },
    });
    expect([bad.isError, textOf(bad)]).toEqual([true, expect.stringMatching(/^query\.limit: /)]);
    for (const name of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
      const unknown = await client.callTool({ name, arguments: {} });
      expect([unknown.isError, textOf(unknown)]).toEqual([true, `"${name}": no such tool or operation`]);
    }
  });
});
