/** A request the mock refuses says why in the error: Prism's sl-violations, each with its location, redacted like the rest. */
import { expect, inject, it } from "vitest";
import { BadRequestError, createAlliClient } from "../../src/index.js";

it("a 400 from the mock lists each violation's location and message", async () => {
  const alli = createAlliClient({ apiKey: "mock-reasons-key", baseUrl: inject("prismUrl"), maxRetries: 0 });
  // Nested fields: past the SDK's own top-level checks, so the request reaches the mock.
  const error = await alli
    .POST("/webapi/v2/chat/completions", { body: { messages: [{ role: "nobody" as never, content: "hi" }] } })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BadRequestError);
  expect((error as Error).message).toMatch(/the mock's reasons: request\.body\.messages\.0\.role: .*allowed values/);
});
