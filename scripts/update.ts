/**
 * scripts/update (`npm run spec:update`): the whole chain after a documentation update: extract,
 * merge, lint and generate.
 *
 *   npm run spec:update -- <page files...>              pages saved by hand
 *   npm run spec:update -- --from-index <llms.txt URL>  every API-reference page the site's index lists
 *
 * The chain runs on a scratch copy of openapi/ and generated/, swapped in only when every step
 * passed: a page that cannot be downloaded or read (named by its URL), a merge conflict, a lint
 * error or a generator refusal leaves the committed files as they were.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { writePage } from "./extract.js";
import { PROJECT_ROOT, ROOT } from "./lib/paths.js";
import { downloadSite, SiteError } from "./lib/site-pages.js";

const USAGE =
  "usage: npm run spec:update -- <page files...>   (e.g. openapi/pages/*.txt)\n       npm run spec:update -- --from-index <url of the site's llms.txt>";
const SWAPPED = ["openapi", "generated"];

class StepFailed extends Error {}

/** Runs one step of the chain on the scratch copy. */
function step(name: string, args: string[], scratch: string): void {
  try {
    execFileSync(process.execPath, args, {
      stdio: "inherit",
      cwd: PROJECT_ROOT,
      env: { ...process.env, ALLI_SPEC_ROOT: scratch },
    });
  } catch {
    throw new StepFailed(`${name} failed (its output is above)`);
  }
}

async function fromIndex(url: string, scratch: string): Promise<void> {
  const { pages, skipped } = await downloadSite(url);
  for (const { url: pageUrl, reason } of skipped) console.warn(`${pageUrl}: skipped, it ${reason}`);
  const pagesDir = join(scratch, "openapi", "pages");
  // writePage names a page without fragments (its operations belong in openapi/extra/), by its URL here.
  for (const downloaded of pages)
    writePage({ page: downloaded.page, files: downloaded.fragments }, downloaded.text, {
      pagesDir,
      fragmentsDir: join(scratch, "openapi", "fragments"),
      label: downloaded.url,
    });
  // Pages committed earlier that the index no longer lists: kept, and said, for the reviewer.
  const listed = new Set(pages.map(({ page }) => `${page.slug}.txt`));
  for (const file of readdirSync(pagesDir).filter((f) => f.endsWith(".txt") && !listed.has(f))) {
    console.warn(`openapi/pages/${file}: not in the index; kept (delete it and its fragments if the site dropped it)`);
  }
}

/** The scratch copy's results replace the committed folders. */
function swapIn(scratch: string): void {
  for (const dir of SWAPPED) {
    const target = join(ROOT, dir);
    const old = join(ROOT, `.${dir}.replaced`);
    rmSync(old, { recursive: true, force: true });
    if (existsSync(target)) renameSync(target, old);
    cpSync(join(scratch, dir), target, { recursive: true });
    rmSync(old, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  const flag = argv.find((a) => a === "--from-index" || a.startsWith("--from-index="));
  const indexUrl = flag === "--from-index" ? argv[argv.indexOf(flag) + 1] : flag?.slice("--from-index=".length);
  if (flag ? !indexUrl || argv.length !== (flag.includes("=") ? 1 : 2) : argv.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const scratch = mkdtempSync(join(tmpdir(), "alli-spec-update-"));
  try {
    for (const dir of SWAPPED)
      if (existsSync(join(ROOT, dir))) cpSync(join(ROOT, dir), join(scratch, dir), { recursive: true });
    if (indexUrl) await fromIndex(indexUrl, scratch);
    else
      step(
        "extract",
        ["--import", "tsx", join(PROJECT_ROOT, "scripts", "extract.ts"), ...argv.map((file) => resolve(file))],
        scratch,
      );
    const spec = join(scratch, "openapi", "alli.openapi.json");
    step("merge", ["--import", "tsx", join(PROJECT_ROOT, "scripts", "merge.ts")], scratch);
    step(
      "Redocly lint",
      [
        join(PROJECT_ROOT, "node_modules", "@redocly", "cli", "bin", "cli.js"),
        "lint",
        spec,
        "--config",
        join(PROJECT_ROOT, "redocly.yaml"),
      ],
      scratch,
    );
    step(
      "Spectral lint",
      [
        join(PROJECT_ROOT, "node_modules", "@stoplight", "spectral-cli", "dist", "index.js"),
        "lint",
        "--ruleset",
        join(PROJECT_ROOT, ".spectral.yaml"),
        "--fail-severity=error",
        "--display-only-failures",
        spec,
      ],
      scratch,
    );
    step("generate", ["--import", "tsx", join(PROJECT_ROOT, "scripts", "generate.ts")], scratch);
    swapIn(scratch);
    return 0;
  } catch (error) {
    if (error instanceof SiteError || error instanceof StepFailed) {
      console.error(`spec:update: nothing was written: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

process.exitCode = await main(process.argv.slice(2));
