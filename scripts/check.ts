/**
 * scripts/check (`npm run spec:check`): redoes extract, merge and generate in memory and fails
 * with a diff when anything committed has drifted from what the pipeline would write.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { extractPage } from "./extract.js";
import { buildSpec } from "./lib/build-spec.js";
import { operationsSource, schemaSource } from "./lib/codegen.js";
import { stableJson } from "./lib/json.js";
import { methodsSource } from "./lib/methods-codegen.js";
import { namesJson } from "./lib/operation-names.js";
import { csvScanSource } from "./lib/wasm-codegen.js";
import { FRAGMENTS_DIR, GENERATED_DIR, NAMES_FILE, PAGES_DIR, ROOT, SPEC_FILE } from "./lib/paths.js";

const expected = new Map<string, string>();
for (const file of readdirSync(PAGES_DIR).sort()) {
  const { page, files } = extractPage(join("openapi/pages", file), readFileSync(join(PAGES_DIR, file), "utf8"));
  for (const [name, json] of files) expected.set(join(FRAGMENTS_DIR, page.slug, name), json);
}
const { spec, names } = buildSpec();
expected.set(SPEC_FILE, stableJson(spec, false));
expected.set(NAMES_FILE, namesJson(names));
expected.set(join(GENERATED_DIR, "schema.ts"), await schemaSource(spec));
expected.set(join(GENERATED_DIR, "operations.ts"), operationsSource(spec));
expected.set(join(GENERATED_DIR, "methods.ts"), methodsSource(spec));
expected.set(join(GENERATED_DIR, "csv-scan.ts"), await csvScanSource());

// Committed fragments that no page produces any more are drift too.
const committedFragments = existsSync(FRAGMENTS_DIR)
  ? readdirSync(FRAGMENTS_DIR).flatMap((dir) =>
      readdirSync(join(FRAGMENTS_DIR, dir)).map((f) => join(FRAGMENTS_DIR, dir, f)),
    )
  : [];
const stale = committedFragments.filter((file) => !expected.has(file));

const scratch = mkdtempSync(join(tmpdir(), "alli-spec-check-"));
let drifted = stale.length;
for (const file of stale) console.error(`drift: ${relative(ROOT, file)} is committed but no page produces it`);
for (const [file, content] of expected) {
  const actual = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  if (actual === content) continue;
  drifted++;
  const want = join(scratch, "expected");
  writeFileSync(want, content);
  console.error(
    `drift: ${relative(ROOT, file)}${actual === undefined ? " is missing" : " differs from what the pipeline writes:"}`,
  );
  if (actual !== undefined) {
    try {
      execFileSync("git", ["diff", "--no-index", "--stat", "--patch", file, want], {
        stdio: ["ignore", "pipe", "ignore"],
      });
    } catch (error) {
      console.error(
        String((error as { stdout?: Buffer }).stdout ?? "")
          .split("\n")
          .slice(0, 60)
          .join("\n"),
      );
    }
  }
}
rmSync(scratch, { recursive: true, force: true });
if (drifted) {
  console.error(
    `spec:check: ${drifted} file(s) drifted; run \`npm run spec:update -- openapi/pages/*.txt\` and commit the result`,
  );
  process.exit(1);
}
console.log(`spec:check: ${expected.size} files match the pipeline's output`);
