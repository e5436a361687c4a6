import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSpec } from "../../scripts/lib/build-spec.js";
import { combine, MergeConflictError } from "../../scripts/lib/combine.js";
import type { Source } from "../../scripts/lib/sources.js";
import { allOperations, op, ROOT, spec } from "../helpers/spec.js";

import { sources } from "../helpers/fragments.js";

describe("scripts/merge: one spec from all pages", () => {
  it("has every documented operation: each fragment's, and the 3 of the App Market prose", () => {
    const fromFragments = sources().filter((s) => !s.name.startsWith("extra/"));
    const fragmentOps = new Set(
      fromFragments.flatMap((s) =>
        Object.entries<any>(s.document.paths!).flatMap(([p, item]) => Object.keys(item).map((m) => `${m} ${p}`)),
      ),
    );
    expect(allOperations()).toHaveLength(fragmentOps.size + 3);
    const fromExtra = sources().filter((s) => s.name.startsWith("extra/"));
    const extraOps = fromExtra.flatMap((s) =>
      Object.entries<any>(s.document.paths!).flatMap(([p, item]) => Object.keys(item).map((m) => `${m} ${p}`)),
    );
    expect(extraOps.sort()).toEqual([
      "get /webapi/v2/cognitive_config",
      "patch /webapi/v2/cognitive_config",
      "post /webapi/v2/apps/{app_id}/run_conversation",
    ]);
  });

  it("dedupes the English and Japanese Conversations pages, keeping the English text", () => {
    const { origin } = combine(sources());
    expect(origin.get("GET /webapi/v2/conversations")).toBe("conversations.en/get-webapi-v2-conversations.json");
    expect(op("/webapi/v2/conversations", "get").summary).toBe("Get List Conversations");
    expect(op("/webapi/v2/conversations/{conversation_id}/stop", "post").summary).toBe("Stop Conversation");
    // The Japanese page labels its tag "Folder related APIs"; the English description wins.
    expect(spec.tags.find((t: any) => t.name === "Conversations").description).toMatch(/^Conversation, category/);
  });

  it("fails on a structural difference between pages, naming both sources and the JSON pointer", () => {
    const all = sources();
    const ja = all.find((s) => s.name === "conversations.ja/get-webapi-v2-conversations.json")!;
    const changed: Source = structuredClone(ja);
    changed.document.paths!["/webapi/v2/conversations"]!.get!.parameters = structuredClone(
      changed.document.paths!["/webapi/v2/conversations"]!.get!.parameters,
    ) as unknown[];
    (changed.document.paths!["/webapi/v2/conversations"]!.get!.parameters as any[])[14].schema.default = 20;
    const run = () => combine(all.map((s) => (s === ja ? changed : s)));
    expect(run).toThrow(MergeConflictError);
    expect(run).toThrow(/conversations\.en\/get-webapi-v2-conversations\.json/);
    expect(run).toThrow(/conversations\.ja\/get-webapi-v2-conversations\.json/);
    expect(run).toThrow("/paths/~1webapi~1v2~1conversations/get/parameters/14/schema/default");
  });

  it("fails on a component that differs in structure, and ignores differences in descriptions and titles", () => {
    const all = sources();
    const ja = all.find((s) => s.name === "conversations.ja/get-webapi-v2-conversations.json")!;
    const retitled: Source = structuredClone(ja);
    (retitled.document as any).components.schemas.ConversationsResponse.title = "別のタイトル";
    (retitled.document as any).components.schemas.ConversationsResponse.properties.cursor.description = "カーソル";
    expect(() => combine(all.map((s) => (s === ja ? retitled : s)))).not.toThrow();
    (retitled.document as any).components.schemas.ConversationsResponse.required = ["conversations"];
    expect(() => combine(all.map((s) => (s === ja ? retitled : s)))).toThrow(
      "/components/schemas/ConversationsResponse/required",
    );
  });

  it("declares both servers with their region names", () => {
    expect(spec.servers).toEqual([
      { url: "https://backend.alli.ai", description: "US region", "x-alli-region": "us" },
      { url: "https://backend-ja.alli.ai", description: "JA region", "x-alli-region": "ja" },
    ]);
  });

  it("uses one spelling per tag, each tag declared once with a description", () => {
    const declared = spec.tags.map((t: any) => t.name).sort();
    expect(declared).toEqual(["Apps", "Conversations", "Others"]);
    for (const { operation } of allOperations()) expect(declared).toEqual(expect.arrayContaining(operation.tags));
  });

  it("keeps what the server really uses: the synonyms path's trailing slash and snake_case names", () => {
    expect(spec.paths["/webapi/v2/synonyms/"]).toBeDefined();
    expect(spec.paths["/webapi/v2/synonyms"]).toBeUndefined();
    const form = op("/webapi/v2/apps/{app_id}/run_conversation", "post").requestBody.content["multipart/form-data"]
      .schema;
    expect(Object.keys(form.properties)).toEqual([
      "conversationId",
      "message",
      "choices",
      "sendFormInput",
      "files",
      "media_files",
    ]);
  });

  it("is what scripts/merge committed", () => {
    const { spec: rebuilt } = buildSpec();
    expect(rebuilt).toEqual(JSON.parse(readFileSync(join(ROOT, "openapi", "alli.openapi.json"), "utf8")));
  });
});
