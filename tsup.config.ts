/**
 * The package build: ESM + CommonJS with .d.ts for Node (the SDK, and `alli-sdk/testing`), a
 * browser ESM build with no `node:` module and no undici in it, and the `alli` CLI.
 */
import type { Plugin } from "esbuild";
import { defineConfig } from "tsup";

/**
 * In the browser build, Node-only modules (everything under src/node/, and undici) become an
 * empty module. The SDK only reaches them behind a Node.js check, so the stub is never called;
 * Node-only code must therefore live in src/node/ and be loaded with a dynamic import.
 */
const browserStubs: Plugin = {
  name: "alli-browser-stubs",
  setup(build) {
    build.onResolve({ filter: /(^undici$|\/node\/[^/]+\.js$)/ }, (args) => ({
      path: args.path,
      namespace: "alli-node-only",
    }));
    build.onLoad({ filter: /.*/, namespace: "alli-node-only" }, () => ({
      contents: "export default {};",
      loader: "js",
    }));
  },
};

export default defineConfig([
  {
    entry: { index: "src/index.ts", testing: "src/testing.ts" },
    format: ["esm", "cjs"],
    platform: "node",
    // import.meta.url (finding the bundled spec, resolving Prism) in the CommonJS build too.
    shims: true,
    target: "node20",
    dts: true,
    sourcemap: true,
    clean: true,
    outDir: "dist",
  },
  {
    // The `alli` command (package bin); Node only, ESM.
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    platform: "node",
    target: "node20",
    sourcemap: true,
    outDir: "dist",
  },
  {
    entry: { index: "src/index.ts" },
    format: ["esm"],
    platform: "browser",
    target: "es2022",
    sourcemap: true,
    outDir: "dist/browser",
    esbuildPlugins: [browserStubs],
  },
]);
