/** Type-level: alli.stream accepts only streaming operations, sets the trigger itself, and types its events. */
import { describe, expectTypeOf, it } from "vitest";
import type { StreamingPath } from "../../generated/operations.js";
import { createAlliClient } from "../../src/client.js";
import type { StreamInit } from "../../src/features/streaming/types.js";
import type { AlliStream, StreamEvent, StreamResult } from "../../src/index.js";

const alli = createAlliClient({ apiKey: "test-key", baseUrl: "http://127.0.0.1:1" });
const messages = [{ role: "user" as const, content: "hi" }];

describe("alli.stream types", () => {
  it("accepts every streaming path and no other", () => {
    expectTypeOf(alli.stream).parameter(0).toEqualTypeOf<StreamingPath>();
    // @ts-expect-error listing conversations does not stream
    alli.stream("/webapi/v2/conversations", {});
    // @ts-expect-error send_chat is a POST that does not stream
    alli.stream("/webapi/send_chat", { body: {} as never });
  });

  it("needs no trigger field in the body, and refuses the non-streaming value", () => {
    alli.stream("/webapi/v2/chat/completions", { body: { messages } });
    alli.stream("/webapi/generative_answer", { body: { query: "q" } });
    alli.stream("/webapi/apps/{app_id}/run", { params: { path: { app_id: "a" } }, body: { inputs: {} } });
    alli.stream("/webapi/v2/chat/completions", { body: { messages, mode: "stream" } });
    // @ts-expect-error mode "sync" would not stream
    alli.stream("/webapi/v2/chat/completions", { body: { messages, mode: "sync" } });
    expectTypeOf<NonNullable<StreamInit<"/webapi/generative_answer">["body"]>["mode"]>().toEqualTypeOf<
      "stream" | undefined
    >();
  });

  it("keeps the rest of init as for alli.POST: required body fields, path params, per-call options", () => {
    // @ts-expect-error messages is required
    alli.stream("/webapi/v2/chat/completions", { body: {} });
    // @ts-expect-error the app id is required
    alli.stream("/webapi/apps/{app_id}/run", { body: {} });
    // @ts-expect-error init is required where the body is
    alli.stream("/webapi/v2/chat/completions");
    alli.stream(
      "/webapi/v2/chat/completions",
      { body: { messages }, timeout: 5_000, signal: new AbortController().signal },
      { idleTimeout: 1_000 },
    );
  });

  it("run_conversation takes its multipart body as a plain object with files", () => {
    alli.stream("/webapi/v2/apps/{app_id}/run_conversation", {
      params: { path: { app_id: "a" } },
      body: { message: "hi", files: [new Blob(["x"])] },
    });
    alli.stream("/webapi/v2/apps/{app_id}/run_conversation", {
      params: { path: { app_id: "a" } },
      // @ts-expect-error files are Blobs
      body: { files: [42] },
    });
  });

  it("types events unknown where the spec gives no event schema, narrowed by parseEvent or the type argument", () => {
    expectTypeOf<StreamEvent<StreamingPath>>().toEqualTypeOf<unknown>();
    const plain = alli.stream("/webapi/v2/chat/completions", { body: { messages } });
    expectTypeOf(plain).toEqualTypeOf<AlliStream<unknown>>();
    const parsed = alli.stream(
      "/webapi/v2/chat/completions",
      { body: { messages } },
      { parseEvent: (e) => e as { content: string } },
    );
    expectTypeOf(parsed).toEqualTypeOf<AlliStream<{ content: string }>>();
    const asserted = alli.stream<"/webapi/generative_answer", { answer: string }>("/webapi/generative_answer", {
      body: { query: "q" },
    });
    expectTypeOf(asserted.final()).resolves.toEqualTypeOf<StreamResult<{ answer: string }>>();
    expectTypeOf(asserted.text()).resolves.toBeString();
    expectTypeOf(asserted.toReadableStream()).toEqualTypeOf<ReadableStream<Uint8Array>>();
  });
});
