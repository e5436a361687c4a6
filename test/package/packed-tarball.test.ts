/**
 * The package as users get it: `npm pack`, installed into a scratch project, where an ESM and a
 * CommonJS consumer typecheck against the shipped .d.ts and call the Prism mock.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ROOT } from "../helpers/spec.js";

const run = promisify(execFile);
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
let project: string;

const esmConsumer = `import { createAlliClient, AlliError, type components } from "alli-sdk";
const alli = createAlliClient({ apiKey: "pack-key", baseUrl: process.env.MOCK_URL });
const { data } = await alli.GET("/webapi/v2/apps/{app_id}", { params: { path: { app_id: "app_1" } } });
const app: components["schemas"]["App"] = data;
console.log(JSON.stringify({ format: "esm", name: typeof app.name, isError: AlliError.is(new Error("x")) }));
`;
const cjsConsumer = `import alliSdk = require("alli-sdk");
const alli = alliSdk.createAlliClient({ apiKey: "pack-key", baseUrl: process.env.MOCK_URL });
alli.GET("/webapi/v2/conversations", { params: { query: { pageSize: 5 } } }).then(({ data }) => {
  console.log(JSON.stringify({ format: "cjs", conversations: Array.isArray(data.conversations) }));
});
`;

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), "alli-pack-"));
  await run("npm", ["pack", "--silent", "--pack-destination", project], { cwd: ROOT });
  const tarball = readdirSync(project).find((f) => f.endsWith(".tgz"))!;
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", `./${tarball}`, "@types/node@20"], { cwd: project, timeout: 240_000 });
  writeFileSync(join(project, "esm.mts"), esmConsumer);
  writeFileSync(join(project, "cjs.cts"), cjsConsumer);
}, 300_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("the packed tarball", () => {
  it("ships the build, the spec and the CLI, and nothing of the sources or tests", async () => {
    const { stdout } = await run("tar", ["-tzf", join(project, readdirSync(project).find((f) => f.endsWith(".tgz"))!)]);
    const files = stdout.split("\n").filter(Boolean);
    expect(files).toEqual(expect.arrayContaining(["package/dist/index.js", "package/dist/index.cjs", "package/dist/index.d.ts", "package/dist/index.d.cts", "package/dist/cli.js", "package/dist/browser/index.js", "package/openapi/alli.openapi.json"]));
    expect(files.filter((f) => /^package\/(src|test|scripts)\//.test(f))).toEqual([]);
  });

  it.each([
    ["ESM", "esm.mts", "esm.mjs", { format: "esm", name: "string", isError: false }],
    ["CommonJS", "cjs.cts", "cjs.cjs", { format: "cjs", conversations: true }],
  ])("an %s consumer typechecks against the shipped types and calls the mock", async (_label, source, output, expected) => {
    await run(process.execPath, [TSC, "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--skipLibCheck", "--types", "node", source], { cwd: project });
    const { stdout } = await run(process.execPath, [output], { cwd: project, env: { ...process.env, MOCK_URL: inject("prismUrl") } });
    expect(JSON.parse(stdout)).toEqual(expected);
  });
});
