/** scripts/update (`npm run spec:update -- <page files...>`): extract, merge, lint and generate in one go. */
import { execFileSync } from "node:child_process";

const pages = process.argv.slice(2);
if (pages.length === 0) {
  console.error("usage: npm run spec:update -- <page files...>   (e.g. openapi/pages/*.txt)");
  process.exit(2);
}
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: "inherit" });
const tsx = process.execPath;
run(tsx, ["--import", "tsx", "scripts/extract.ts", ...pages]);
run(tsx, ["--import", "tsx", "scripts/merge.ts"]);
run(tsx, ["node_modules/@redocly/cli/bin/cli.js", "lint", "openapi/alli.openapi.json"]);
run(tsx, ["--import", "tsx", "scripts/generate.ts"]);
