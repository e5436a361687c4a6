/**
 * The package as users get it: `npm pack`, installed into a scratch project, where an ESM and a
 * CommonJS consumer typecheck against the shipped .d.ts and call the Prism mock.
 */
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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
        "package/testing/package.json",
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

  it("alli mcp without its optional peer dependency fails in one line saying what to install", async () => {
    const mcp = run(process.execPath, [join(project, "node_modules", "alli-sdk", "dist", "cli.js"), "mcp"], {
      cwd: project,
      env: { ...process.env, ALLI_API_KEY: "pack-key" },
    });
    await expect(mcp).rejects.toMatchObject({
      code: 1,
      stdout: "",
      stderr: "alli: alli mcp needs the MCP SDK: npm install @modelcontextprotocol/sdk@^1.32\n",
    });
  });

  it("passes publint, and attw in every resolution profile (node10 included) for both entry points", async () => {
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
    // No --profile: attw's default, strict, fails on a problem in any resolution kind. node10 is still
    // TypeScript's default for "module": "commonjs", where the testing/ stub folder resolves the subpath.
    // attw exits as soon as it has written, which cuts a piped JSON report at 64 KiB: it goes to a file.
    const reportFile = join(project, "attw.json");
    const fd = openSync(reportFile, "w");
    const attw = spawn(
      process.execPath,
      [join(ROOT, "node_modules", "@arethetypeswrong", "cli", "dist", "index.js"), tarball, "--format", "json"],
      { cwd: ROOT, stdio: ["ignore", fd, "inherit"] },
    );
    const [exitCode] = (await once(attw, "exit")) as [number | null];
    closeSync(fd);
    const report = JSON.parse(readFileSync(reportFile, "utf8")) as {
      analysis: {
        problems: Array<{ kind: string; entrypoint?: string; resolutionKind?: string }>;
        entrypoints: Record<
          string,
          {
            resolutions: Record<
              string,
              { resolution?: { fileName: string }; implementationResolution?: { fileName: string } }
            >;
          }
        >;
      };
    };
    expect(report.analysis.problems).toEqual([]);
    expect(exitCode).toBe(0);
    const resolved = (entrypoint: string) =>
      Object.fromEntries(
        Object.entries(report.analysis.entrypoints[entrypoint]!.resolutions).map(([kind, r]) => [
          kind,
          [r.resolution?.fileName, r.implementationResolution?.fileName],
        ]),
      );
    const at = (file: string) => `/node_modules/alli-sdk/dist/${file}`;
    expect(resolved(".")).toEqual({
      node10: [at("index.d.ts"), at("index.cjs")],
      "node16-cjs": [at("index.d.cts"), at("index.cjs")],
      "node16-esm": [at("index.d.ts"), at("index.js")],
      bundler: [at("index.d.ts"), at("index.js")],
    });
    expect(resolved("./testing")).toEqual({
      node10: [at("testing.d.cts"), at("testing.cjs")],
      "node16-cjs": [at("testing.d.cts"), at("testing.cjs")],
      "node16-esm": [at("testing.d.ts"), at("testing.js")],
      bundler: [at("testing.d.ts"), at("testing.js")],
    });
  });
});
