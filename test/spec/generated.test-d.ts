/** Type-level: the generated path map has every operation of the spec, typed. */
import { describe, expectTypeOf, it } from "vitest";
import type { operations as OperationMeta, PaginatedPath, StreamingPath } from "../../generated/operations.js";
import type { paths } from "../../generated/schema.js";

type Meta = typeof OperationMeta;
/** For each operationId: does `paths[path][method]` exist as an operation in the path map? */
type InPathMap = {
  [K in keyof Meta]: Meta[K]["path"] extends keyof paths
    ? Meta[K]["method"] extends keyof paths[Meta[K]["path"]]
      ? [NonNullable<paths[Meta[K]["path"]][Meta[K]["method"]]>] extends [never]
        ? false
        : true
      : false
    : false;
};

describe("generated/schema.ts", () => {
  it("has an operation in the path map for each of the spec's operations", () => {
    expectTypeOf<InPathMap[keyof InPathMap]>().toEqualTypeOf<true>();
  });

  it("types params, bodies and results from the spec", () => {
    type ListConversations = paths["/webapi/v2/conversations"]["get"];
    expectTypeOf<NonNullable<ListConversations["parameters"]["query"]>["pageSize"]>().toEqualTypeOf<
      number | undefined
    >();
    type Listed = ListConversations["responses"]["200"]["content"]["application/json"];
    expectTypeOf<Listed["cursor"]>().toEqualTypeOf<string | null>();
    type Csv = paths["/webapi/v2/audit/logs/download"]["get"]["responses"]["200"]["content"];
    expectTypeOf<Csv>().toEqualTypeOf<{ "text/csv": string }>();
    type Answer = NonNullable<paths["/webapi/generative_answer"]["post"]["requestBody"]>["content"]["application/json"];
    expectTypeOf<Answer["query"]>().toEqualTypeOf<string>();
    expectTypeOf<Answer["mode"]>().toEqualTypeOf<"sync" | "stream" | undefined>();
  });

  it("lists exactly the paginated and streaming paths", () => {
    expectTypeOf<PaginatedPath>().toEqualTypeOf<
      | "/webapi/v2/apps"
      | "/webapi/v2/conversations/{conversation_id}/chats"
      | "/webapi/v2/conversations"
      | "/webapi/v2/audit/logs"
      | "/webapi/v2/llm_prompts"
    >();
    expectTypeOf<StreamingPath>().toEqualTypeOf<
      | "/webapi/apps/{app_id}/run"
      | "/webapi/generative_answer"
      | "/webapi/v2/chat/completions"
      | "/webapi/v2/apps/{app_id}/run_conversation"
    >();
  });
});
