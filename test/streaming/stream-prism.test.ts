/**
 * Against the Prism mock of the spec: each streaming operation, called as a user would, is
 * accepted (Prism validates the request, trigger field included) and streams the example the
 * spec declares for it, or, where the pages document no events (chat completions,
 * run_conversation), what Prism makes of the schema. The expected events are read from the
 * spec's example by hand here.
 */
import { describe, expect, inject, it } from "vitest";
import { streaming, type StreamingPath } from "../../generated/operations.js";
import { createAlliClient } from "../../src/client.js";
import { APIError, type AlliStream } from "../../src/index.js";
import { op } from "../helpers/spec.js";

const alli = createAlliClient({ apiKey: "test-key", baseUrl: inject("prismUrl"), maxRetries: 0 });

/** The events in the spec's `text/event-stream` example: the `data:` of each block, `[DONE]` left out. */
function exampleEvents(path: StreamingPath): unknown[] {
  const { method } = streaming[path];
  const example: string = op(path, method).responses["200"].content["text/event-stream"].example ?? "";
  return example
    .split("\n\n")
    .map((block) => block.trim())
    .filter((block) => block && block !== "data: [DONE]")
    .map((block) => JSON.parse(block.replace(/^data: /, "")));
}

const calls: Record<StreamingPath, () => AlliStream<unknown>> = {
  "/webapi/v2/chat/completions": () =>
    alli.stream("/webapi/v2/chat/completions", { body: { messages: [{ role: "user", content: "こんにちは" }] } }),
  "/webapi/generative_answer": () => alli.stream("/webapi/generative_answer", { body: { query: "What is Alli?" } }),
  "/webapi/apps/{app_id}/run": () =>
    alli.stream("/webapi/apps/{app_id}/run", {
      params: { path: { app_id: "app_1" } },
      body: { inputs: { text: "hi" } },
    }),
  // Without files: Prism 5 answers 422 to any filled array-of-files multipart field
  // (stoplightio/prism#2654); stream-wire.test.ts checks the file parts against its own server.
  "/webapi/v2/apps/{app_id}/run_conversation": () =>
    alli.stream("/webapi/v2/apps/{app_id}/run_conversation", {
      params: { path: { app_id: "app_1" } },
      body: { message: "안녕하세요" },
    }),
};

describe("streaming operations against Prism", () => {
  it("covers every operation the spec marks streaming", () => {
    expect(Object.keys(calls).sort()).toEqual(Object.keys(streaming).sort());
  });

  it.each(Object.keys(calls) as StreamingPath[])("%s is accepted, and streams its declared example", async (path) => {
    const events: unknown[] = [];
    const reading = (async () => {
      for await (const event of calls[path]()) events.push(event);
    })();
    if (exampleEvents(path).length) {
      await reading;
      expect(events).toEqual(exampleEvents(path));
    } else {
      // No example: Prism accepts the request (no APIError) and answers the schema's bare string, no events.
      const error = await reading.catch((e: unknown) => e);
      expect(error).not.toBeInstanceOf(APIError);
      expect((error as Error).message).toContain("not Server-Sent Events");
    }
  });

  it("declares examples only for the events a page documents", () => {
    const documented = (Object.keys(calls) as StreamingPath[]).filter((path) => exampleEvents(path).length > 0);
    expect(documented.sort()).toEqual(["/webapi/apps/{app_id}/run", "/webapi/generative_answer"]);
  });

  it("takes the generative answer's last snapshot as its text and final result", async () => {
    // Its events are the sync answer's objects (`answer` is a Draft.js object, not text).
    const events = exampleEvents("/webapi/generative_answer");
    const result = await calls["/webapi/generative_answer"]().final();
    expect(result.last).toEqual(events.at(-1));
    expect(result.eventCount).toBe(events.length);
    // Its text is the Draft.js blocks' text of the last snapshot.
    expect(result.text).toBe("Alli answers.");
  });
});
