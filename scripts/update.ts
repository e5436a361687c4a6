/**
 * scripts/update (`npm run spec:update`): the whole chain after a documentation update: extract,
 * merge, lint and generate.
 *
 *   npm run spec:update -- <page files...>              pages saved by hand
 *   npm run spec:update -- --from-index <llms.txt URL>  every API-reference page the site's index lists
 *
 * With --from-index, every page is downloaded and parsed before anything is written: a page that
 * cannot be downloaded or read fails the run, naming its URL, with the committed files untouched.
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { writePage } from "./extract.js";
import { FRAGMENTS_DIR, PAGES_DIR, PROJECT_ROOT, SPEC_FILE } from "./lib/paths.js";
import { downloadSite, SiteError } from "./lib/site-pages.js";

const USAGE = "usage: npm run spec:update -- <page files...>   (e.g. openapi/pages/*.txt)\n       npm run spec:update -- --from-index <url of the site's llms.txt>";

const run = (args: string[]) => execFileSync(process.execPath, args, { stdio: "inherit", cwd: PROJECT_ROOT });
const bin = (path: string) => join(PROJECT_ROOT, "node_modules", ...path.split("/"));

async function fromIndex(url: string): Promise<void> {
  const pages = await downloadSite(url);
  // writePage names a page without fragments, by its URL here.
  for (const downloaded of pages) writePage({ page: downloaded.page, files: downloaded.fragments }, downloaded.text, { pagesDir: PAGES_DIR, fragmentsDir: FRAGMENTS_DIR, label: downloaded.url });
  // Pages committed earlier that the index no longer lists: kept, and said, for the reviewer.
  const listed = new Set(pages.map(({ page }) => `${page.slug}.txt`));
  for (const file of readdirSync(PAGES_DIR).filter((f) => f.endsWith(".txt") && !listed.has(f))) {
    console.warn(`openapi/pages/${file}: not in the index; kept (delete it and its fragments if the site dropped it)`);
  }
}

async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf("--from-index");
  if (at >= 0) {
    const url = argv[at + 1];
    if (!url || argv.length !== 2) {
      console.error(USAGE);
      return 2;
    }
    try {
      await fromIndex(url);
    } catch (error) {
      if (error instanceof SiteError) {
        console.error(`spec:update: ${error.message}`);
        return 1;
      }
      throw error;
    }
  } else if (argv.length === 0) {
    console.error(USAGE);
    return 2;
  } else {
    run(["--import", "tsx", join(PROJECT_ROOT, "scripts", "extract.ts"), ...argv]);
  }
  run(["--import", "tsx", join(PROJECT_ROOT, "scripts", "merge.ts")]);
  run([bin("@redocly/cli/bin/cli.js"), "lint", SPEC_FILE, "--config", join(PROJECT_ROOT, "redocly.yaml")]);
  run([bin("@stoplight/spectral-cli/dist/index.js"), "lint", "--ruleset", join(PROJECT_ROOT, ".spectral.yaml"), "--fail-severity=error", "--display-only-failures", SPEC_FILE]);
  run(["--import", "tsx", join(PROJECT_ROOT, "scripts", "generate.ts")]);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
