/**
 * bench/size: what the SDK costs a browser app. Bundles the public surface (every export of
 * src/index.ts, with its dependencies) for the browser, minified and gzipped, against
 * openapi-fetch alone bundled the same way; and times a cold `import` of the built package
 * against a cold import of openapi-fetch, each in a fresh Node process.
 *   npx tsx bench/size.ts            (needs `npm run build` for the import timing)
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";

const ROOT = join(import.meta.dirname, "..");
const RUNS = Number(process.env.RUNS ?? 15);

// The same stubbing as the package's browser build (tsup.config.ts): Node-only code is never bundled.
const nodeOnly: Plugin = {
  name: "node-only",
  setup(b) {
    b.onResolve({ filter: /(^undici$|\/node\/[^/]+\.js$)/ }, (args) => ({ path: args.path, namespace: "stub" }));
    b.onLoad({ filter: /.*/, namespace: "stub" }, () => ({ contents: "export default {};" }));
  },
};

async function bundledSize(contents: string): Promise<{ min: number; gzip: number }> {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    plugins: [nodeOnly],
  });
  const code = Buffer.concat(result.outputFiles.map((f) => Buffer.from(f.contents)));
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

function coldImportMs(specifier: string): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
    times.push(Number(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" })));
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const kB = (n: number) => `${(n / 1024).toFixed(2)} kB`;
const sdk = await bundledSize(`export * from "./src/index.ts";`);
const baseline = await bundledSize(`export * from "openapi-fetch"; export { default } from "openapi-fetch";`);
console.log("browser bundle, minified + gzipped (target: the SDK at most 12 kB)");
console.log(`  openapi-fetch alone:   ${kB(baseline.min)} min, ${kB(baseline.gzip)} gzip`);
console.log(`  alli-sdk public surface: ${kB(sdk.min)} min, ${kB(sdk.gzip)} gzip`);
console.log(`  ratio SDK / openapi-fetch: ${(sdk.gzip / baseline.gzip).toFixed(2)}x gzip`);

if (!existsSync(join(ROOT, "dist", "index.js"))) {
  console.log("cold import: skipped, run `npm run build` first");
} else {
  const base = coldImportMs("openapi-fetch");
  const ours = coldImportMs(join(ROOT, "dist", "index.js"));
  console.log(`cold import in a fresh Node process, median of ${RUNS} (target: within 2x of openapi-fetch)`);
  console.log(`  openapi-fetch: ${base.toFixed(2)} ms   alli-sdk: ${ours.toFixed(2)} ms   ratio ${(ours / base).toFixed(2)}x`);
}
