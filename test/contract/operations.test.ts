/** Every operation of the spec, called through the SDK against a validating Prism mock. */
import { describe, expect, inject, it } from "vitest";
import { createAlliClient } from "../../src/index.js";
import { cases } from "./cases.js";
import { allOperations } from "../helpers/spec.js";

describe("contract: each operation against Prism", () => {
  const alli = createAlliClient({ apiKey: "test-key", baseUrl: inject("prismUrl"), maxRetries: 0 });

  it.each(cases.map((c) => [c.operationId, c] as const))("%s", async (_id, contract) => {
    const { data, response } = await contract.run(alli);
    expect(response.status).toBe(200);
    if (contract.contentType) {
      expect(response.headers.get("content-type")).toMatch(contract.contentType);
      expect(typeof data === "string" && data.length > 0).toBe(true);
    }
    for (const key of contract.expectKeys ?? []) expect(data).toHaveProperty(key);
  });

  it("covers every operation of the spec, each once", () => {
    const specIds = allOperations()
      .map(({ operation }) => operation.operationId)
      .sort();
    const tested = cases.map((c) => c.operationId).sort();
    expect(tested).toEqual(specIds);
  });

  it("fails the call when Prism finds the request breaks the spec", async () => {
    await expect(
      alli.POST("/webapi/v2/chat/completions", { body: { messages: [{ role: "robot" as "user", content: "x" }] } }),
    ).rejects.toMatchObject({
      name: "BadRequestError",
      status: 400,
    });
  });
});
