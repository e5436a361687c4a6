/** scripts/generate: openapi/alli.openapi.json → generated/schema.ts, generated/operations.ts and generated/methods.ts;
 * src/node/csv-scan.wat → generated/csv-scan.ts. */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { operationsSource, schemaSource } from "./lib/codegen.js";
import { methodsSource } from "./lib/methods-codegen.js";
import { GENERATED_DIR, SPEC_FILE } from "./lib/paths.js";
import { csvScanSource } from "./lib/wasm-codegen.js";

const spec = JSON.parse(readFileSync(SPEC_FILE, "utf8"));
mkdirSync(GENERATED_DIR, { recursive: true });
writeFileSync(join(GENERATED_DIR, "schema.ts"), await schemaSource(spec));
writeFileSync(join(GENERATED_DIR, "operations.ts"), operationsSource(spec));
writeFileSync(join(GENERATED_DIR, "methods.ts"), methodsSource(spec));
writeFileSync(join(GENERATED_DIR, "csv-scan.ts"), await csvScanSource());
console.log("generated/schema.ts, generated/operations.ts, generated/methods.ts, generated/csv-scan.ts written");
