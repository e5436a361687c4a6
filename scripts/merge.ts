/**
 * scripts/merge: openapi/fragments + openapi/extra + rules + openapi/overlay.yaml → openapi/alli.openapi.json.
 * Usage: tsx scripts/merge.ts [--verbose]
 */
import { writeFileSync } from "node:fs";
import { buildSpec } from "./lib/build-spec.js";
import { stableJson } from "./lib/json.js";
import { SPEC_FILE } from "./lib/paths.js";
import { operations } from "./lib/rules.js";

const { spec, report } = buildSpec();
writeFileSync(SPEC_FILE, stableJson(spec, false));
if (process.argv.includes("--verbose")) for (const line of report) console.log(line);
console.log(
  `openapi/alli.openapi.json: ${operations(spec).length} operations, ${report.filter((l) => l.startsWith("rule")).length} rule corrections, ${report.find((l) => l.startsWith("overlay"))?.replace("overlay: ", "")}`,
);
