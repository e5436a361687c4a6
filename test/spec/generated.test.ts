import { describe, expect, it } from "vitest";
import { operations, paginated, servers, streaming } from "../../generated/operations.js";
import { allOperations } from "../helpers/spec.js";

describe("generated/operations.ts", () => {
  it("has one entry per operation of the spec", () => {
    expect(Object.keys(operations)).toHaveLength(allOperations().length);
    const fromSpec = allOperations().map(({ path, method, operation }) => `${operation.operationId} ${method} ${path}`);
    const generated = Object.values(operations).map((o) => `${o.operationId} ${o.method} ${o.path}`);
    expect(generated.sort()).toEqual(fromSpec.sort());
  });

  it("carries the pagination style and fields of each paginated operation", () => {
    expect(paginated["/webapi/v2/conversations"]).toMatchObject({ style: "cursor", itemsField: "conversations" });
    expect(paginated["/webapi/v2/apps"]).toMatchObject({ style: "cursor", itemsField: "apps" });
    expect(paginated["/webapi/v2/audit/logs"]).toMatchObject({
      style: "offset-total",
      itemsField: "result",
      totalField: "count",
    });
    expect(paginated["/webapi/v2/llm_prompts"]).toMatchObject({
      style: "offset-array",
      offsetParam: "offset",
      limitParam: "limit",
    });
    expect(paginated["/webapi/v2/conversations/{conversation_id}/chats"]).toMatchObject({
      style: "page-number",
      itemsField: "chats",
      pageParam: "pageNo",
      totalField: "totalCount",
      pageSize: 100,
    });
  });

  it("carries each streaming operation's trigger and the servers by region", () => {
    expect(streaming["/webapi/v2/apps/{app_id}/run_conversation"].trigger).toBe("always");
    expect(streaming["/webapi/v2/chat/completions"].trigger).toEqual({ field: "mode", value: "stream" });
    expect(servers).toEqual([
      { region: "us", url: "https://backend.alli.ai" },
      { region: "ja", url: "https://backend-ja.alli.ai" },
    ]);
  });
});
