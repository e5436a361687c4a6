/**
 * Every TypeScript example in README.md runs, as written, against the Prism mock: a preload
 * sends the production hosts' requests to Prism, so the examples need no test-only code.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, inject, it } from "vitest";
import { ROOT } from "../helpers/spec.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

/** run_conversation with files: answers with a short event stream; the test reads the multipart it got. */
const scriptedServers: Record<string, () => Promise<ScriptedServer>> = {
  "scripted-upload-server": () =>
    startServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end('data: {"message": "Got them", "completed": true}\n\n');
    }),
};

const readme = readFileSync(join(ROOT, "README.md"), "utf8");
/**
 * Each example, and where it runs: the Prism mock, unless a `<!-- readme-test: <server> -->` line
 * before it names one of the scripted servers below (for what Prism cannot check).
 */
const blocks = [...readme.matchAll(/(?:<!-- readme-test: ([\w-]+)[^\n]*-->\n)?```ts\n([\s\S]*?)```/g)].map((m) => ({
  server: m[1],
  code: m[2]!,
}));
const examples = blocks.map((b) => b.code);
/** The vitest pair (a globalSetup and a test file): run together by vitest, not as scripts. */
const VITEST_BLOCKS = ["vitest-global-setup", "vitest-test-file"];
const toSources = (code: string) =>
  code
    .replace(/from "alli-sdk\/testing"/g, 'from "./src/testing.js"')
    .replace(/from "alli-sdk"/g, 'from "./src/index.js"');
const written: string[] = [];
afterAll(() => {
  for (const file of written) rmSync(file, { force: true, recursive: true });
});

/**
 * Preload: requests to the API's hosts go to the mock instead, through fetch (other runtimes),
 * node:https (the SDK's first wire in Node.js) and undici's Agent (the one it moves to).
 */
const redirect = (mock: string) => `
import http from "node:http";
import https from "node:https";
import { syncBuiltinESMExports } from "node:module";
import { Agent } from "undici";
const mockUrl = new URL(${JSON.stringify(mock)});
const secureRequest = https.request;
https.request = function (options, callback) {
  if (typeof options !== "object" || !/^backend(-ja)?\\.alli\\.ai$/.test(options.hostname ?? "")) return secureRequest.apply(this, arguments);
  return http.request({ ...options, hostname: mockUrl.hostname, port: mockUrl.port, agent: undefined }, callback);
};
syncBuiltinESMExports();
const dispatch = Agent.prototype.dispatch;
Agent.prototype.dispatch = function (options, handler) {
  const origin = String(options.origin).replace(/^https:\\/\\/backend(-ja)?\\.alli\\.ai/, ${JSON.stringify(mock)});
  return dispatch.call(this, { ...options, origin }, handler);
};
const real = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const request = new Request(input, init);
  const url = request.url.replace(/^https:\\/\\/backend(-ja)?\\.alli\\.ai/, ${JSON.stringify(mock)});
  return real(new Request(url, request));
};`;

describe("README examples", () => {
  it("typecheck as written (strict)", async () => {
    const files = examples.map((code, i) => {
      const file = join(ROOT, `.alli-tmp-readme-check-${i + 1}.mts`);
      writeFileSync(file, toSources(code));
      written.push(file);
      return file;
    });
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const args = [
      "--noEmit",
      "--strict",
      "--target",
      "es2022",
      "--module",
      "nodenext",
      "--moduleResolution",
      "nodenext",
      "--skipLibCheck",
      "--types",
      "node",
      ...files,
    ];
    const result = await promisify(execFile)(process.execPath, [tsc, ...args], { cwd: ROOT }).catch(
      (e: { stdout: string }) => e,
    );
    expect("stdout" in result ? result.stdout : "").toBe("");
  });

  it("has examples for the quick start, regions, identity, errors and retries", () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it("the vitest globalSetup example starts the mock for the test file example, which passes", async () => {
    const dir = join(ROOT, ".alli-tmp-readme-vitest");
    mkdirSync(dir, { recursive: true });
    written.push(dir);
    const [setup, testFile] = VITEST_BLOCKS.map((name) => blocks.find((b) => b.server === name)!.code);
    const fromDir = (code: string) => toSources(code).replace(/"\.\/src\//g, '"../src/');
    writeFileSync(join(dir, "alli-mock.ts"), fromDir(setup!));
    writeFileSync(join(dir, "conversations.test.ts"), fromDir(testFile!));
    writeFileSync(
      join(dir, "vitest.config.ts"),
      `export default { test: { root: ${JSON.stringify(dir)}, include: ["conversations.test.ts"], globalSetup: ["./alli-mock.ts"] } };`,
    );
    const vitest = join(ROOT, "node_modules", "vitest", "vitest.mjs");
    const { ALLI_BASE_URL: _unset, FORCE_COLOR: _color, ...rest } = process.env;
    const env = { ...rest, NO_COLOR: "1" };
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [vitest, "run", "--config", join(dir, "vitest.config.ts")],
      { cwd: dir, env, timeout: 120_000 },
    );
    expect(stdout.replace(/\x1b\[[0-9;]*m/g, "")).toMatch(/Tests\s+1 passed \(1\)/);
  }, 150_000);

  it.each(
    examples
      .map((code, i) => [i + 1, code.split("\n").find((l) => l.startsWith("const") || l.startsWith("await"))] as const)
      .filter(([index]) => !VITEST_BLOCKS.includes(blocks[index - 1]!.server ?? "")),
  )("example %i runs (%s)", async (index) => {
    const scripted = blocks[index - 1]!.server;
    const server = scripted ? await scriptedServers[scripted]!() : undefined;
    const preload = join(ROOT, `.alli-tmp-readme-preload-${index}.mjs`);
    writeFileSync(preload, redirect(server?.url ?? inject("prismUrl")));
    const file = join(ROOT, `.alli-tmp-readme-${index}.mts`);
    writeFileSync(file, toSources(examples[index - 1]!));
    written.push(preload, file);
    const { stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--import", preload, file], {
      cwd: ROOT,
      env: { ...process.env, ALLI_API_KEY: "readme-key" },
      timeout: 30_000,
    });
    // The examples report failures (a caught error, a retry) on stderr: there must be none.
    expect(stderr.replace(/npm warn.*\n/g, "")).toBe("");
    if (server) {
      await server.close();
      // The upload example: each file a part of its field, the choices as the JSON the API wants.
      const [request] = server.requests;
      const body = request!.body.toString("latin1");
      expect(request!.url).toBe("/webapi/v2/apps/app_1/run_conversation");
      expect(body.match(/name="files"; filename="[^"]+"/g)).toEqual([
        'name="files"; filename="package.json"',
        'name="files"; filename="file-1"',
      ]);
      expect(body.match(/name="media_files"; filename="[^"]+"/g)).toHaveLength(1);
      expect(body).toContain('name="choices"\r\n\r\n[0,1]\r\n');
      expect(body).toContain("id,level\n1,warn\n");
    }
  });
});
