/** Type-level: every operation is callable through the typed path map, with typed params, body and result. */
import { describe, expectTypeOf, it } from "vitest";
import { createAlliClient, type components } from "../../src/index.js";

const alli = createAlliClient({ apiKey: "k" });

describe("the typed path map", () => {
  it("types results from the spec", async () => {
    const { data, response, requestId } = await alli.GET("/webapi/v2/conversations/{conversation_id}", {
      params: { path: { conversation_id: "c" } },
    });
    expectTypeOf(data).toEqualTypeOf<components["schemas"]["Conversation"]>();
    expectTypeOf(response).toEqualTypeOf<Response>();
    expectTypeOf(requestId).toEqualTypeOf<string | undefined>();
  });

  it("requires required params and bodies, and rejects unknown paths and wrong methods", () => {
    // @ts-expect-error the path parameter is required
    void alli.GET("/webapi/v2/conversations/{conversation_id}");
    // @ts-expect-error the body is required (messages)
    void alli.POST("/webapi/v2/chat/completions", {});
    // @ts-expect-error not an operation of the spec
    void alli.GET("/webapi/v2/nope");
    // @ts-expect-error chat completions is a POST
    void alli.GET("/webapi/v2/chat/completions");
    // @ts-expect-error pageSize is a number
    void alli.GET("/webapi/v2/conversations", { params: { query: { pageSize: "10" } } });
    void alli.GET("/webapi/v2/conversations");
  });

  it("types the GET bodies of summary analytics and daily conversation count", () => {
    void alli.GET("/webapi/summary_analytics", { body: { startDate: "2026-01-01", endDate: "2026-01-31" } });
    // @ts-expect-error the documented body is required
    void alli.GET("/webapi/conversation_daily_count");
  });

  it("accepts the SDK's per-call options", () => {
    void alli.POST("/webapi/skill", {
      body: { id: "s", text: "t" },
      idempotent: true,
      maxRetries: 5,
      timeout: 1000,
      user: { ownUserId: "u" },
      signal: AbortSignal.timeout(1),
    });
  });
});

describe("errors and empty answers", () => {
  it("each status error class has its literal status", async () => {
    const { NotFoundError, RateLimitError, APIError } = await import("../../src/index.js");
    expectTypeOf<InstanceType<typeof NotFoundError>["status"]>().toEqualTypeOf<404>();
    expectTypeOf<InstanceType<typeof RateLimitError>["status"]>().toEqualTypeOf<429>();
    expectTypeOf<InstanceType<typeof APIError>["status"]>().toEqualTypeOf<number>();
  });

  it("a DELETE documented without content is undefined, not never", async () => {
    const { data } = await alli.DELETE("/webapi/v2/conversations/{conversation_id}/chats/{chat_id}", {
      params: { path: { conversation_id: "c", chat_id: "d" } },
    });
    expectTypeOf(data).toEqualTypeOf<undefined>();
  });
});
