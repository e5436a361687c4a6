/** Type-level: paginate takes only the paths the spec marks paginated, and infers items from the response schema. */
import { describe, expectTypeOf, it } from "vitest";
import type { PaginatedPath } from "../../generated/operations.js";
import type { components } from "../../generated/schema.js";
import {
  createAlliClient,
  RateLimitError,
  type CursorPosition,
  type FailedPage,
  type OffsetPosition,
  type Page,
  type PageItem,
  type PageNumberPosition,
  type PagePosition,
} from "../../src/index.js";

type Schemas = components["schemas"];
const alli = createAlliClient({ apiKey: "test-key" });

describe("alli.paginate types", () => {
  it("infers the item type of each paginated operation from its response schema", () => {
    expectTypeOf<PageItem<"/webapi/v2/conversations">>().toEqualTypeOf<Schemas["Conversation"]>();
    expectTypeOf<PageItem<"/webapi/v2/apps">>().toEqualTypeOf<Schemas["App"]>();
    expectTypeOf<PageItem<"/webapi/v2/audit/logs">>().toEqualTypeOf<Schemas["AuditLog"]>();
    expectTypeOf<PageItem<"/webapi/v2/llm_prompts">>().toEqualTypeOf<Schemas["LLMPromptResponse"]>();
    expectTypeOf<PageItem<"/webapi/v2/conversations/{conversation_id}/chats">>().toEqualTypeOf<Schemas["Chat"]>();
  });

  it("yields typed items from for await, and typed pages from pages()", async () => {
    for await (const conversation of alli.paginate("/webapi/v2/conversations", {
      params: { query: { pageSize: 50 } },
    })) {
      expectTypeOf(conversation).toEqualTypeOf<Schemas["Conversation"]>();
    }
    for await (const page of alli.paginate("/webapi/v2/audit/logs").pages()) {
      expectTypeOf(page.items).toEqualTypeOf<Schemas["AuditLog"][]>();
      expectTypeOf(page.data).toEqualTypeOf<Schemas["AuditLogListResponse"]>();
      expectTypeOf(page.position).toEqualTypeOf<OffsetPosition>();
      expectTypeOf(page.response).toEqualTypeOf<Response>();
    }
    for await (const page of alli.paginate("/webapi/v2/llm_prompts").pages()) {
      expectTypeOf(page.data).toEqualTypeOf<Schemas["LLMPromptResponse"][]>();
    }
  });

  it("types positions and resumeFrom by the operation's paging style", () => {
    expectTypeOf<PagePosition<"/webapi/v2/apps">>().toEqualTypeOf<CursorPosition>();
    expectTypeOf<PagePosition<"/webapi/v2/llm_prompts">>().toEqualTypeOf<OffsetPosition>();
    expectTypeOf<
      PagePosition<"/webapi/v2/conversations/{conversation_id}/chats">
    >().toEqualTypeOf<PageNumberPosition>();
    expectTypeOf<Page<"/webapi/v2/apps">["next"]>().toEqualTypeOf<CursorPosition | null>();
    alli.paginate("/webapi/v2/apps", {}, { resumeFrom: { cursor: "abc" }, maxItems: 10, lookAhead: true });
    // @ts-expect-error a cursor operation does not resume from an offset
    alli.paginate("/webapi/v2/apps", {}, { resumeFrom: { offset: 100 } });
    // @ts-expect-error maxPages is a number
    alli.paginate("/webapi/v2/apps", {}, { maxPages: "3" });
  });

  it("accepts only paginated paths", () => {
    expectTypeOf<Parameters<typeof alli.paginate>[0]>().toEqualTypeOf<PaginatedPath>();
    // @ts-expect-error get conversation is not paginated
    alli.paginate("/webapi/v2/conversations/{conversation_id}", { params: { path: { conversation_id: "c1" } } });
    // @ts-expect-error the audit-log download is a CSV file, not pages
    alli.paginate("/webapi/v2/audit/logs/download");
    // @ts-expect-error not a path of the spec at all
    alli.paginate("/webapi/v2/nothing");
  });

  it("checks init as alli.GET does: required path params, typed query", () => {
    alli.paginate("/webapi/v2/conversations/{conversation_id}/chats", { params: { path: { conversation_id: "c1" } } });
    // @ts-expect-error the chats of which conversation: the path parameter is required
    alli.paginate("/webapi/v2/conversations/{conversation_id}/chats");
    // @ts-expect-error order is an enum of the spec
    alli.paginate("/webapi/v2/llm_prompts", { params: { query: { order: "newest" } } });
    alli.paginate("/webapi/v2/llm_prompts", {
      params: { query: { order: "-name", limit: 20 } },
      timeout: 5_000,
      signal: AbortSignal.timeout(1_000),
    });
  });

  it("gives errors a typed page without changing their class", () => {
    const error = new RateLimitError("429");
    expectTypeOf(error.page).toEqualTypeOf<FailedPage | undefined>();
  });
});
