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
const viaMethod: components["schemas"]["App"] = await alli.getApp("app_1");
console.log(JSON.stringify({ format: "esm", name: typeof app.name, same: viaMethod.id === app.id, isError: AlliError.is(new Error("x")) }));
`;
// Prism is an optional peer dependency: without it, startMock says how to install it.
const testingConsumer = `import { startMock, type Mock } from "alli-sdk/testing";
const mock: Promise<Mock> = startMock();
console.log(JSON.stringify({ error: await mock.then(() => "started", (error: Error) => error.message) }));
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
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", `./${tarball}`, "@types/node@20"], {
    cwd: project,
    timeout: 240_000,
  });
  writeFileSync(join(project, "esm.mts"), esmConsumer);
  writeFileSync(join(project, "cjs.cts"), cjsConsumer);
  writeFileSync(join(project, "testing.mts"), testingConsumer);
}, 300_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("the packed tarball", () => {
  it("ships the build, the spec and the CLI, and nothing of the sources or tests", async () => {
    const { stdout } = await run("tar", [
      "-tzf",
      join(
        project,
        readdirSync(project).find((f) => f.endsWith(".tgz"))!,
      ),
    ]);
    const files = stdout.split("\n").filter(Boolean);
    expect(files).toEqual(
      expect.arrayContaining([
        "package/dist/index.js",
        "package/dist/index.cjs",
        "package/dist/index.d.ts",
        "package/dist/index.d.cts",
        "package/dist/testing.js",
        "package/dist/testing.cjs",
        "package/dist/testing.d.ts",
        "package/dist/testing.d.cts",
        "package/dist/cli.js",
        "package/dist/browser/index.js",
        "package/openapi/alli.openapi.json",
        "package/LICENSE",
        "package/README.md",
      ]),
    );
    expect(files.filter((f) => /^package\/(src|test|scripts)\//.test(f))).toEqual([]);
  });

  it.each([
    ["ESM", "esm.mts", "esm.mjs", { format: "esm", name: "string", same: true, isError: false }],
    [
      "alli-sdk/testing",
      "testing.mts",
      "testing.mjs",
      { error: "Prism is not installed: npm install --save-dev @stoplight/prism-cli@5.14.2" },
    ],
    ["CommonJS", "cjs.cts", "cjs.cjs", { format: "cjs", conversations: true }],
  ])(
    "an %s consumer typechecks against the shipped types and calls the mock",
    async (_label, source, output, expected) => {
      await run(
        process.execPath,
        [
          TSC,
          "--strict",
          "--module",
          "nodenext",
          "--moduleResolution",
          "nodenext",
          "--target",
          "es2022",
          "--skipLibCheck",
          "--types",
          "node",
          source,
        ],
        { cwd: project },
      );
      const { stdout } = await run(process.execPath, [output], {
        cwd: project,
        env: { ...process.env, MOCK_URL: inject("prismUrl") },
      });
      expect(JSON.parse(stdout)).toEqual(expected);
    },
  );

  it("passes publint, and attw for Node 16+ resolution (both entry points, ESM and CommonJS)", async () => {
    const tarball = join(
      project,
      readdirSync(project).find((f) => f.endsWith(".tgz"))!,
    );
    const publint = await run(
      process.execPath,
      [join(ROOT, "node_modules", "publint", "src", "cli.js"), ROOT, "--strict"],
      { cwd: ROOT },
    );
    expect(publint.stdout).toContain("All good!");
    // node16 profile: the package needs Node 20.19+, so node10's resolution (no `exports`) is out of scope.
    const attw = await run(
      process.execPath,
      [
        join(ROOT, "node_modules", "@arethetypeswrong", "cli", "dist", "index.js"),
        tarball,
        "--profile",
        "node16",
        "--format",
        "json",
      ],
      { cwd: ROOT },
    );
    const report = JSON.parse(attw.stdout) as {
      analysis: { problems: Array<{ resolutionKind?: string }>; entrypoints: Record<string, unknown> };
    };
    expect(report.analysis.problems.filter((p) => p.resolutionKind !== "node10")).toEqual([]);
    expect(Object.keys(report.analysis.entrypoints)).toEqual(expect.arrayContaining([".", "./testing"]));
  });
});
