/**
 * scripts/merge: openapi/fragments + openapi/extra + rules + openapi/overlay.yaml → openapi/alli.openapi.json,
 * and the operations' names → openapi/operation-names.json.
 * Usage: tsx scripts/merge.ts [--verbose]
 */
import { writeFileSync } from "node:fs";
import { buildSpec } from "./lib/build-spec.js";
import { stableJson } from "./lib/json.js";
import { namesJson } from "./lib/operation-names.js";
import { NAMES_FILE, SPEC_FILE } from "./lib/paths.js";
import { operations } from "./lib/rules.js";

const { spec, names, report, notices } = buildSpec();
writeFileSync(SPEC_FILE, stableJson(spec, false));
writeFileSync(NAMES_FILE, namesJson(names));
if (process.argv.includes("--verbose")) for (const line of report) console.log(line);
// Always shown: a name kept against upstream, a rename, a superseded openapi/extra/ file, pages merged.
for (const line of notices) console.log(`merge: ${line}`);
console.log(
  `openapi/alli.openapi.json: ${operations(spec).length} operations, ${report.filter((l) => l.startsWith("rule")).length} rule corrections, ${report.find((l) => l.startsWith("overlay"))?.replace("overlay: ", "")}`,
);
