/** One documented error body for every error answer: `{errors}` as a string or a list of strings, read either way. */
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BadRequestError, createAlliClient } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";
import { allOperations, spec } from "../helpers/spec.js";

const resolve = (node: any): any => {
  let at = node;
  while (at?.$ref)
    at = at.$ref
      .slice(2)
      .split("/")
      .reduce((o: any, k: string) => o[k], spec);
  return at;
};

it("every 4xx and 5xx answer of every operation documents the one ErrorBody schema", () => {
  const seen = new Set<string>();
  for (const { path, method, operation } of allOperations()) {
    for (const [code, response] of Object.entries<any>(operation.responses)) {
      if (!/^[45]/.test(code)) continue;
      const schema = resolve(response).content?.["application/json"]?.schema;
      expect(schema, `${method} ${path} ${code}`).toEqual({ $ref: "#/components/schemas/ErrorBody" });
      seen.add(`${method} ${path}`);
    }
  }
  expect(seen.size).toBe(allOperations().length);
});

it("ErrorBody accepts what the pages show: a string, a list of strings", () => {
  const validate = new Ajv2020({ strict: false }).compile(spec.components.schemas.ErrorBody);
  expect(validate({ errors: "Invalid API key" })).toBe(true);
  expect(validate({ errors: ["skill not found", "quota exceeded"] })).toBe(true);
  expect(validate({ errors: [1] })).toBe(false);
  expect(validate({ errors: { message: "x" } })).toBe(false);
});

let server: ScriptedServer;
let body = "";
beforeAll(async () => {
  server = await startServer((_req, res) => {
    res.writeHead(400, { "content-type": "application/json" });
    res.end(body);
  });
});
afterAll(() => server.close());

it.each([
  [{ errors: "text is required" }, "text is required"],
  [{ errors: ["text is required", "id is unknown"] }, "text is required; id is unknown"],
])("the SDK's message reads the error body %j", async (answer, words) => {
  body = JSON.stringify(answer);
  const alli = createAlliClient({ apiKey: "k", baseUrl: server.url });
  const error = await alli.runSkill({ id: "s1", text: "hi" }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BadRequestError);
  expect((error as Error).message).toBe(`400 Bad Request from POST /webapi/skill (runSkill): ${words}`);
  expect(error).toMatchObject({ body: answer });
});
