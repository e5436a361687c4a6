/**
 * scripts/extract: doc page files → openapi/pages/<slug>.txt and openapi/fragments/<slug>/<operation>.json.
 * Usage: tsx scripts/extract.ts <page files...>
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parsePage, type Page } from "./lib/page.js";
import { stableJson } from "./lib/json.js";
import { FRAGMENTS_DIR, PAGES_DIR } from "./lib/paths.js";

/** `get /webapi/v2/apps/{app_id}` → `get-webapi-v2-apps-app_id`: one file per operation. */
export function operationFileName(method: string, path: string): string {
  return `${method}${path}`.replace(/[{}]/g, "").replace(/\/+/g, "-").replace(/-+$/g, "") + ".json";
}

export function extractPage(file: string, text: string): { page: Page; files: Map<string, string> } {
  const page = parsePage(text, file);
  const files = new Map<string, string>();
  for (const fragment of page.fragments) {
    const operations = Object.entries(fragment.document.paths ?? {}).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ path, method })),
    );
    if (operations.length !== 1) {
      throw new Error(
        `${file}: the fragment under "## ${fragment.heading}" documents ${operations.length} operations, expected 1`,
      );
    }
    const { method, path } = operations[0]!;
    const name = operationFileName(method, path);
    if (files.has(name)) throw new Error(`${file}: ${method.toUpperCase()} ${path} is documented twice on the page`);
    files.set(name, stableJson(fragment.document));
  }
  return { page, files };
}

/**
 * Writes one extracted page: its copy in the pages folder and its fragments (the page's old
 * fragments removed first, so an operation dropped from the page disappears too), and reports
 * it: on stdout, or on stderr for a page without fragments (its operations belong in openapi/extra/).
 */
export function writePage(
  { page, files: fragments }: ReturnType<typeof extractPage>,
  text: string,
  where: { pagesDir: string; fragmentsDir: string; label: string; source?: string },
): void {
  mkdirSync(where.pagesDir, { recursive: true });
  const pageCopy = join(where.pagesDir, `${page.slug}.txt`);
  if (pageCopy !== where.source) writeFileSync(pageCopy, text);
  const dir = join(where.fragmentsDir, page.slug);
  rmSync(dir, { recursive: true, force: true });
  if (fragments.size === 0) {
    console.warn(
      `${page.slug} (${where.label}): no OpenAPI fragments on this page (prose only); its operations must be written in openapi/extra/`,
    );
    return;
  }
  mkdirSync(dir, { recursive: true });
  for (const [name, json] of fragments) writeFileSync(join(dir, name), json);
  console.log(`${page.slug} (${where.label}): ${fragments.size} fragments`);
}

function main(argv: string[]): void {
  // --out DIR writes DIR/pages and DIR/fragments instead of openapi/ (used by the tests).
  const out = argv.indexOf("--out");
  const pagesDir = out >= 0 ? join(resolve(argv[out + 1]!), "pages") : PAGES_DIR;
  const fragmentsDir = out >= 0 ? join(resolve(argv[out + 1]!), "fragments") : FRAGMENTS_DIR;
  const files = out >= 0 ? argv.filter((_, i) => i !== out && i !== out + 1) : argv;
  if (files.length === 0) {
    console.error("usage: tsx scripts/extract.ts [--out DIR] <page files...>");
    process.exit(2);
  }
  for (const arg of files) {
    const file = resolve(arg);
    const text = readFileSync(file, "utf8");
    let extracted: ReturnType<typeof extractPage>;
    try {
      extracted = extractPage(arg, text);
    } catch (error) {
      console.error((error as Error).message);
      process.exit(1);
    }
    writePage(extracted, text, { pagesDir, fragmentsDir, label: arg, source: file });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename ?? "")) main(process.argv.slice(2));
