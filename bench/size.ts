/**
 * bench/size: what the SDK costs a browser app, in bytes, against openapi-fetch alone.
 *
 * esbuild bundles three programs from the sources, the way an app's bundler would: bundle,
 * minify, format esm, platform browser, target es2022, code splitting into a temporary outdir,
 * with the package's own browser stubbing (tsup.config.ts: Node-only modules become empty):
 *   - openapi-fetch alone (`export * from "openapi-fetch"; export { default } ...`): the baseline;
 *   - "one method": create a client and `await alli.getApp("app_1")`;
 *   - "the whole client": a method, `alli.GET`, `alli.paginate`, `alli.stream`,
 *     `alli.auditLogs.download()`, and every error class src/index.ts exports.
 * For each, the minified and gzipped (level 9, each file on its own, as a server sends them, then
 * summed) bytes of what loads at start (the entry chunk and every chunk it imports statically,
 * from esbuild's metafile: imports of kind "import-statement", followed transitively), and of
 * everything, with the chunks behind dynamic imports. A chunk behind a dynamic import ships only
 * when a program first uses that helper, as any code-splitting bundler (Vite, esbuild --splitting,
 * webpack) serves it. Each figure is also printed as a ratio to openapi-fetch's, measured in the
 * same run. Nothing is asserted.
 *
 *   npm run bench:size               (builds, then runs this)
 *   npx tsx bench/size.ts            (bundles from src/; needs no build)
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile, type Plugin } from "esbuild";

const ROOT = join(import.meta.dirname, "..");
/** The name esbuild gives the program (stdin), as its entry point in the metafile. */
const PROGRAM = "bench-size-program.ts";

// The same stubbing as the package's browser build (tsup.config.ts): Node-only code is never bundled.
const nodeOnly: Plugin = {
  name: "node-only",
  setup(b) {
    b.onResolve({ filter: /(^undici$|\/node\/[^/]+\.js$)/ }, (args) => ({ path: args.path, namespace: "stub" }));
    b.onLoad({ filter: /.*/, namespace: "stub" }, () => ({ contents: "export default {};", loader: "js" }));
  },
};

interface Bytes {
  min: number;
  gzip: number;
  files: number;
}
interface Sizes {
  start: Bytes;
  all: Bytes;
}

/** The files reachable from `entry` through imports of the given kinds (the entry included). */
function reachable(metafile: Metafile, entry: string, kinds: string[]): string[] {
  const seen = new Set<string>([entry]);
  for (const file of seen) {
    for (const { path, kind, external } of metafile.outputs[file]?.imports ?? []) {
      if (!external && kinds.includes(kind)) seen.add(path);
    }
  }
  return [...seen];
}

async function bundledSizes(contents: string): Promise<Sizes> {
  const outdir = mkdtempSync(join(tmpdir(), "alli-bench-size-"));
  try {
    const result = await build({
      stdin: { contents, resolveDir: ROOT, loader: "ts", sourcefile: PROGRAM },
      absWorkingDir: ROOT,
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      splitting: true,
      outdir,
      metafile: true,
      logLevel: "silent",
      plugins: [nodeOnly],
    });
    const outputs = result.metafile.outputs;
    // Chunks behind a dynamic import are entry points too; the program is the one from stdin.
    const entries = Object.keys(outputs).filter((file) => outputs[file]!.entryPoint === PROGRAM);
    if (entries.length !== 1) throw new Error(`expected one entry chunk, got ${entries.length}`);
    const measure = (files: string[]): Bytes => {
      let min = 0;
      let gzip = 0;
      for (const file of files) {
        const code = readFileSync(resolve(ROOT, file));
        min += code.length;
        gzip += gzipSync(code, { level: 9 }).length;
      }
      return { min, gzip, files: files.length };
    };
    return {
      start: measure(reachable(result.metafile, entries[0]!, ["import-statement"])),
      all: measure(reachable(result.metafile, entries[0]!, ["import-statement", "dynamic-import"])),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

// Every error class src/index.ts exports (its `export { … } from "./errors/errors.js"`, less the types).
const indexSource = readFileSync(join(ROOT, "src", "index.ts"), "utf8");
const errorExports = /export\s*\{([^}]*)\}\s*from\s*"\.\/errors\/errors\.js"/.exec(indexSource)?.[1];
if (!errorExports)
  throw new Error('src/index.ts no longer exports its errors from "./errors/errors.js"; update bench/size.ts');
const errorClasses = errorExports
  .split(",")
  .map((name) => name.trim())
  .filter((name) => name && !name.startsWith("type "));

const programs: Record<string, string> = {
  "openapi-fetch alone": `export * from "openapi-fetch"; export { default } from "openapi-fetch";`,
  "alli-sdk, one method": `
import { createAlliClient } from "./src/index.ts";
const alli = createAlliClient({ apiKey: "k" });
console.log(await alli.getApp("app_1"));
`,
  "alli-sdk, the whole client": `
import { createAlliClient, ${errorClasses.join(", ")} } from "./src/index.ts";
const alli = createAlliClient({ apiKey: "k" });
try {
  console.log(await alli.getApp("app_1"));
  console.log((await alli.GET("/webapi/v2/apps/{app_id}", { params: { path: { app_id: "app_1" } } })).data);
  for await (const app of alli.paginate("/webapi/v2/apps", { params: { query: { pageSize: 20 } } })) console.log(app);
  for await (const event of alli.stream("/webapi/v2/chat/completions", { body: { messages: [{ role: "user", content: "hi" }] } })) console.log(event);
  const download = await alli.auditLogs.download();
  console.log(download.requestId, await new Response(download.body).text());
} catch (error) {
  for (const ErrorClass of [${errorClasses.join(", ")}]) if (error instanceof ErrorClass) console.log(ErrorClass.name);
}
`,
};

const sizes: Record<string, Sizes> = {};
for (const [name, contents] of Object.entries(programs)) sizes[name] = await bundledSizes(contents);
const baseline = sizes["openapi-fetch alone"]!;

const kB = (n: number) => `${(n / 1024).toFixed(2)} kB`;
const x = (ratio: number) => `${ratio.toFixed(2)}x`;
const cells = (bytes: Bytes, base: Bytes) =>
  `${kB(bytes.min).padStart(10)} ${x(bytes.min / base.min).padStart(7)} ${kB(bytes.gzip).padStart(10)} ${x(bytes.gzip / base.gzip).padStart(7)} ${String(bytes.files).padStart(6)}`;
console.log(
  "browser bundles (esbuild: bundle, minify, esm, browser, es2022, code splitting); gzip -9 per file, summed;",
);
console.log("ratios against openapi-fetch alone, bundled the same way in this run");
const head = `${"min".padStart(10)} ${"vs o-f".padStart(7)} ${"gzip".padStart(10)} ${"vs o-f".padStart(7)} ${"files".padStart(6)}`;
console.log(`\n${"".padEnd(28)} ${"at start (entry + static imports)".padEnd(45)}   everything (with lazy chunks)`);
console.log(`${"".padEnd(28)} ${head}   ${head}`);
for (const [name, { start, all }] of Object.entries(sizes)) {
  console.log(`${name.padEnd(28)} ${cells(start, baseline.start)}   ${cells(all, baseline.all)}`);
}
console.log(`\n(the whole client imports ${errorClasses.length} error classes: ${errorClasses.join(", ")})`);
