/** Each upstream defect the issue lists, and that the merged spec no longer has it. */
import { describe, expect, it } from "vitest";
import { sources as rawFragments } from "../helpers/fragments.js";
import { allOperations, op, spec } from "../helpers/spec.js";

const HANGUL = /[\uac00-\ud7af]/;

function findKey(value: unknown, key: string, pointer = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => findKey(v, key, `${pointer}/${i}`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => [
      ...(k === key && typeof v === "boolean" ? [pointer] : []),
      ...findKey(v, key, `${pointer}/${k}`),
    ]);
  }
  return [];
}

describe("upstream defects are corrected", () => {
  it("security names no undefined scheme (upstream: ProjectIdHeader)", () => {
    expect(rawFragments().some((f) => JSON.stringify(f.document.security ?? []).includes("ProjectIdHeader"))).toBe(
      true,
    );
    const defined = Object.keys(spec.components.securitySchemes);
    const requirements = [...spec.security, ...allOperations().flatMap(({ operation }) => operation.security ?? [])];
    for (const requirement of requirements)
      for (const name of Object.keys(requirement)) expect(defined).toContain(name);
    expect(spec.security).toEqual([{ ApiKeyAuth: [] }, { TokenAuth: [] }]);
  });

  it("uses no OpenAPI 3.0 `nullable`; each was turned into a 3.1 null type (an enum into anyOf)", () => {
    const upstream = rawFragments().flatMap((f) => findKey(f.document, "nullable").map((p) => `${f.name}${p}`));
    expect(upstream.length).toBeGreaterThanOrEqual(8);
    expect(findKey(spec, "nullable")).toEqual([]);
    const errors = op("/webapi/send_chat", "post").responses["200"].content["application/json"].schema.properties
      .errors;
    expect(errors.type).toEqual(["object", "null"]);
    const method = op("/webapi/apps", "post").requestBody.content["application/json"].schema.properties
      .single_action_app_input.properties.selected_llm_processing_method;
    expect(method.anyOf).toEqual([
      { type: "string", enum: ["stuff", "map", "map_reduce", "chunk_map", "chunk_map_reduce"] },
      { type: "null" },
    ]);
  });

  it("lists generative answer's `query` as required on its object, not inside the property", () => {
    const schema = op("/webapi/generative_answer", "post").requestBody.content["application/json"].schema;
    expect(schema.required).toContain("query");
    expect(schema.properties.query.required).toBeUndefined();
  });

  it("declares the audit-log download's 200 as a CSV file", () => {
    const ok = op("/webapi/v2/audit/logs/download", "get").responses["200"];
    expect(Object.keys(ok.content)).toEqual(["text/csv"]);
    expect(ok.content["text/csv"].example.split("\n")[0]).toContain("id,createdAt");
  });

  it("gives chat completions' 200 a JSON body and a streaming media type", () => {
    expect(Object.keys(op("/webapi/v2/chat/completions", "post").responses["200"].content)).toEqual([
      "application/json",
      "text/event-stream",
    ]);
  });

  it.each([
    ["/webapi/v2/chat/completions", { field: "mode", value: "stream" }],
    ["/webapi/apps/{app_id}/run", { field: "mode", value: "stream" }],
    ["/webapi/generative_answer", { field: "mode", value: "stream" }],
    ["/webapi/v2/apps/{app_id}/run_conversation", "always"],
  ])("declares %s's streaming media type and trigger", (path, trigger) => {
    const operation = op(path, "post");
    expect(operation.responses["200"].content["text/event-stream"]).toBeDefined();
    expect(operation["x-alli-streaming"]).toMatchObject({ trigger, mediaTypes: ["text/event-stream"] });
  });

  it("types generative answer's stream events by its sync answer's schema (its page: the same output format as sync)", () => {
    const streaming = op("/webapi/generative_answer", "post")["x-alli-streaming"];
    expect(streaming.event).toEqual({
      $ref: "#/paths/~1webapi~1generative_answer/post/responses/200/content/application~1json/schema",
    });
    for (const path of [
      "/webapi/v2/chat/completions",
      "/webapi/apps/{app_id}/run",
      "/webapi/v2/apps/{app_id}/run_conversation",
    ]) {
      expect(op(path, "post")["x-alli-streaming"].event).toBeUndefined();
    }
  });

  it("gives every operation a summary (upstream: the two legacy /webapi/apps operations had none)", () => {
    expect(op("/webapi/apps", "get").summary).toBe("List Apps (legacy)");
    expect(op("/webapi/apps", "post").summary).toBe("Create App (legacy)");
    for (const { operation } of allOperations()) expect(operation.summary).toMatch(/\S/);
  });

  it("uses the App Market page's English text where the Apps fragments were in Korean", () => {
    for (const { path, method, operation } of allOperations()) {
      expect(`${method} ${path}: ${operation.summary} ${operation.description ?? ""}`).not.toMatch(HANGUL);
    }
    expect(op("/webapi/skill", "post").summary).toBe("Executing a Skill");
    expect(op("/webapi/start_conversation", "post").summary).toBe("Start Conversation");
    expect(
      op("/webapi/send_chat", "post").requestBody.content["application/json"].schema.properties.message.description,
    ).toBe("The message to send in the conversation. Cannot be null or an empty string.");
    expect(op("/webapi/apps", "get").responses["200"].description).toBe("get Apps API success response");
  });

  it("names every operation with a short, unique camelCase operationId", () => {
    const ids = allOperations().map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(id.length).toBeLessThan(32);
      expect(id).not.toMatch(/django/i);
    }
    expect(op("/webapi/v2/conversations", "get").operationId).toBe("listConversations");
    expect(op("/webapi/v2/conversations/{conversation_id}", "get").operationId).toBe("getConversation");
    expect(op("/webapi/apps/{app_id}/run", "post").operationId).toBe("runApp");
    expect(op("/webapi/v2/audit/logs/download", "get").operationId).toBe("downloadAuditLogs");
    expect(op("/webapi/v2/audit/logs", "get").operationId).toBe("listAuditLogs");
  });

  it("documents error responses on operations whose fragments had none", () => {
    for (const { operation } of allOperations()) {
      expect(Object.keys(operation.responses).some((code) => /^4/.test(code))).toBe(true);
    }
  });

  it("writes a nullable enum in the anyOf form, never with null inside the enum", () => {
    const enums: unknown[][] = [];
    walk(spec, (node) => {
      if (Array.isArray(node.enum)) enums.push(node.enum);
    });
    expect(enums.length).toBeGreaterThan(0);
    expect(enums.filter((values) => values.includes(null))).toEqual([]);
  });

  it("gives every array schema its items (generative answer's clues and hashtags had none)", () => {
    const bare: string[] = [];
    walk(spec, (node, at) => {
      if (
        (node.type === "array" || (Array.isArray(node.type) && node.type.includes("array"))) &&
        node.items === undefined
      )
        bare.push(at);
    });
    expect(bare).toEqual([]);
    const answer = op("/webapi/generative_answer", "post").responses["200"].content["application/json"].schema
      .properties;
    expect(answer.clues.items).toEqual({});
    expect(answer.hashtags.items).toEqual({});
  });
});

function walk(value: unknown, visit: (node: any, at: string) => void, at = ""): void {
  if (Array.isArray(value)) value.forEach((item, i) => walk(item, visit, `${at}/${i}`));
  else if (value && typeof value === "object") {
    visit(value, at);
    for (const [key, child] of Object.entries(value)) walk(child, visit, `${at}/${key}`);
  }
}
