/**
 * `npm run spec:update -- --from-index <llms.txt>`, against a loopback copy of the documentation
 * site, run on a scratch copy of openapi/ and generated/ (ALLI_SPEC_ROOT): from the site's index
 * to regenerated files, with a page the project has never seen; and a site with a broken page,
 * which fails naming it and writes nothing.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { indexedPages } from "../../scripts/lib/site-pages.js";
import {
  committedPages,
  runUpdate as update,
  scratchCopy as newScratch,
  startSite as serve,
} from "../helpers/docs-site.js";
import type { ScriptedServer } from "../helpers/http-server.js";
import { pageText as newPage } from "../helpers/new-page.js";

const scratchDirs: string[] = [];
let site: (ScriptedServer & { indexUrl: string }) | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});
afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the site: its index lists every committed page plus `extra` (by name, in the API reference). */
async function startSite(extra: Record<string, string | number>): Promise<string> {
  const pages: Record<string, string | number> = committedPages();
  for (const [name, page] of Object.entries(extra)) pages[`api-reference/${name}`] = page;
  site = await serve(pages);
  return site.indexUrl;
}

function scratchCopy(): string {
  const dir = newScratch();
  scratchDirs.push(dir);
  return dir;
}

function snapshot(dir: string): Record<string, string> {
  const files = (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => /\.(txt|json|ts|yaml)$/.test(f))
    .sort();
  return Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

describe("spec:update --from-index", () => {
  it("reads the pages an index lists under its own folder, as Markdown", () => {
    const index = [
      "- [Home](https://docs.test/api-reference/)",
      "- [Apps](https://docs.test/api-reference/apps): App related APIs",
      '- [Others](https://docs.test/api-reference/others.md "Others page")',
      "- [Folders](<https://docs.test/api-reference/folders>)",
      "- [Guide](https://docs.test/guides/a)",
      "- [Apps again](/api-reference/apps.md#top)",
      "- [Full text](https://docs.test/api-reference/llms-full.txt)",
      "- [Logo](https://docs.test/api-reference/logo.png)",
      "- [Elsewhere](https://example.com/api-reference/x.md)",
    ].join("\n");
    const pages = [
      "https://docs.test/api-reference/apps.md",
      "https://docs.test/api-reference/others.md",
      "https://docs.test/api-reference/folders.md",
    ];
    expect(indexedPages(index, "https://docs.test/api-reference/llms.txt")).toEqual(pages);
    // An index at the site's root: its API-reference section.
    expect(indexedPages(index, "https://docs.test/llms.txt")).toEqual(pages);
  });

  it("regenerates from the site, a new page's operation included, and names the prose-only page", async () => {
    const root = scratchCopy();
    const indexUrl = await startSite({ knowledge: newPage });
    const { code, stdout, stderr } = await update(root, indexUrl);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(
      `app-market.en (${site!.url}/api-reference/app-market.en.md): no OpenAPI fragments on this page (prose only); its operations must be written in openapi/extra/`,
    );
    expect(stdout).toContain("knowledge.en (");
    const spec = JSON.parse(readFileSync(join(root, "openapi", "alli.openapi.json"), "utf8"));
    expect(spec.paths["/webapi/v2/knowledge_bases"].get.operationId).toBe("listKnowledgeBases");
    expect(Object.values<object>(spec.paths).flatMap((item) => Object.keys(item))).toHaveLength(47);
    expect(readFileSync(join(root, "generated", "methods.ts"), "utf8")).toContain(
      'listKnowledgeBases(params?: MethodParams<Operations["listKnowledgeBases"]>',
    );
    expect(readFileSync(join(root, "openapi", "pages", "knowledge.en.txt"), "utf8")).toBe(newPage);
  }, 240_000);

  it("skips a listed page that documents no operation, and reads pages served with CRLF and a BOM as committed", async () => {
    const root = scratchCopy();
    const indexUrl = await startSite({
      knowledge: `\uFEFF${newPage.replace(/\n/g, "\r\n")}`,
      "getting-started":
        '# Getting started\n\nCreate a key, then call the API.\n\n```json\n{"question": "hello"}\n```\n',
    });
    const { code, stderr } = await update(root, indexUrl);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`${site!.url}/api-reference/getting-started.md: skipped, it documents no operation`);
    expect(readdirSync(join(root, "openapi", "pages"))).not.toContain("getting-started.en.txt");
    expect(readFileSync(join(root, "openapi", "pages", "knowledge.en.txt"), "utf8")).toBe(newPage);
  }, 240_000);

  it("a page that breaks a later step (the merge) fails the run, and writes nothing", async () => {
    const root = scratchCopy();
    const before = snapshot(root);
    // The same shared parameter as the other pages, defined differently: the merge refuses it.
    const conflicting = newPage.replace(
      '"components":{',
      '"components":{"parameters":{"AgentEmailHeader":{"name":"AGENT-EMAIL","in":"header","required":true,"schema":{"type":"integer"}}},',
    );
    expect(conflicting).not.toBe(newPage);
    const indexUrl = await startSite({ knowledge: conflicting });
    const { code, stderr } = await update(root, indexUrl);
    expect(code).toBe(1);
    expect(stderr).toContain("spec:update: nothing was written: merge failed");
    expect(snapshot(root)).toEqual(before);
  }, 240_000);

  it("fails naming each page it could not download, and writes nothing", async () => {
    const root = scratchCopy();
    const before = snapshot(root);
    const indexUrl = await startSite({
      knowledge: newPage,
      broken: 500,
      gone: 404,
      html: "<!doctype html><html><body>Sign in</body></html>",
    });
    const { code, stderr } = await update(root, indexUrl);
    expect(code).toBe(1);
    expect(stderr).toContain(`${site!.url}/api-reference/broken.md: HTTP 500`);
    expect(stderr).toContain(`${site!.url}/api-reference/gone.md: HTTP 404`);
    expect(stderr).toContain(`${site!.url}/api-reference/html.md: answered HTML, not the page's Markdown`);
    expect(stderr).toContain("nothing was written");
    expect(snapshot(root)).toEqual(before);
  }, 240_000);
});
