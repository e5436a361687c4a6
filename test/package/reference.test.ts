/**
 * The API reference (`npm run docs`, TypeDoc, run by `npm test` before the suite): each operation's
 * method is documented with its summary, HTTP method and path, under the package's own module
 * names, and no file comment leaks onto a symbol's page.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allOperations, ROOT } from "../helpers/spec.js";

const DOCS = join(ROOT, "docs", "api");
const page = (file: string) => {
  if (!existsSync(join(DOCS, file)))
    throw new Error(`docs/api/${file} is missing: run \`npm run docs\` first (npm test does)`);
  return readFileSync(join(DOCS, file), "utf8")
    .replace(/<[^>]+>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#123;/g, "{")
    .replace(/&#125;/g, "}");
};

describe("the API reference", () => {
  it("documents every operation's method with its summary, HTTP method and path", () => {
    const methods = page("interfaces/alli-sdk.OperationMethods.html");
    const missing = allOperations().filter(
      ({ path, method, operation }) =>
        !(
          methods.includes(operation.operationId) &&
          methods.includes(`${method.toUpperCase()} ${path}`) &&
          methods.includes(String(operation.summary))
        ),
    );
    expect(missing.map(({ operation }) => operation.operationId)).toEqual([]);
  });

  it("has the package's two modules, alli-sdk and alli-sdk/testing", () => {
    expect(readdirSync(join(DOCS, "modules")).sort()).toEqual(["alli-sdk.html", "alli-sdk_testing.html"]);
    expect(page("functions/alli-sdk_testing.startMock.html")).toContain("Starts the mock on a loopback port");
  });

  it("shows no file comment on a symbol's page", () => {
    expect(page("functions/alli-sdk.createAlliClient.html")).not.toContain("This file is the public API");
    expect(page("functions/alli-sdk.createAlliClient.html")).not.toContain(
      "one method per operation, the typed path map,",
    );
  });
});
