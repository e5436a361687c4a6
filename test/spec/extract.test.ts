import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { extractPage } from "../../scripts/extract.js";
import { parsePage } from "../../scripts/lib/page.js";
import { ROOT } from "../helpers/spec.js";

const PAGES = join(ROOT, "openapi", "pages");
const page = (slug: string) => readFileSync(join(PAGES, `${slug}.txt`), "utf8");
const scratch: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "alli-extract-"));
  scratch.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const extractCli = (args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "extract.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });

describe("scripts/extract", () => {
  it.each([
    ["others.en", "Others", "en", 16],
    ["conversations.en", "Conversations", "en", 16],
    ["apps.en", "Apps", "en", 11],
    ["app-market.en", "App Market", "en", 0],
    ["conversations.ja", "Conversations", "ja", 16],
  ])("reads page %s: title, language and fragment count", (slug, title, language, count) => {
    const parsed = parsePage(page(slug), slug);
    expect(parsed).toMatchObject({ title, language, slug });
    expect(parsed.fragments).toHaveLength(count);
  });

  it("writes one pretty-printed, key-sorted file per operation, the same bytes every run", () => {
    const out = tempDir();
    const source = join(PAGES, "others.en.txt");
    expect(extractCli(["--out", out, source]).status).toBe(0);
    const dir = join(out, "fragments", "others.en");
    const first = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), "utf8")]));
    expect(Object.keys(first)).toHaveLength(16);
    expect(Object.keys(first)).toContain("get-webapi-v2-audit-logs-download.json");
    const doc = first["get-webapi-v2-audit-logs.json"]!;
    expect(doc.split("\n")[1]).toBe('  "components": {'); // sorted keys, two-space indent
    expect(extractCli(["--out", out, source]).status).toBe(0);
    const second = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), "utf8")]));
    expect(second).toEqual(first);
  });

  it("matches the committed fragments (the committed tree is what extract writes)", () => {
    const { files } = extractPage("conversations.ja", page("conversations.ja"));
    for (const [name, json] of files) {
      expect(readFileSync(join(ROOT, "openapi", "fragments", "conversations.ja", name), "utf8")).toBe(json);
    }
  });

  it("reports a page without fragments by name instead of skipping it silently", () => {
    const result = extractCli(["--out", tempDir(), join(PAGES, "app-market.en.txt")]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("app-market.en");
    expect(result.stderr).toContain("no OpenAPI fragments");
  });

  it("fails on malformed JSON with the file, the heading and the parser's message", () => {
    const dir = tempDir();
    const bad = join(dir, "broken.txt");
    writeFileSync(bad, '# Broken\n\n## Get Thing\n\n```json\n{"openapi": "3.1.0", "paths": {\n```\n');
    const result = extractCli(["--out", dir, bad]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(bad);
    expect(result.stderr).toContain('"## Get Thing"');
    let parserMessage = "";
    try {
      JSON.parse('{"openapi": "3.1.0", "paths": {');
    } catch (error) {
      parserMessage = (error as Error).message;
    }
    expect(result.stderr).toContain(parserMessage);
  });
});

describe("page names", () => {
  it("a title with no Latin letters is named by its file (or URL) instead of an empty slug", () => {
    const page = parsePage(
      "# フォルダ\n\n## フォルダ一覧を取得\n\nフォルダの一覧を返します。\n",
      "https://docs.test/api-reference/folders.md",
    );
    expect(page.slug).toBe("folders.ja");
  });

  it("a json block that is not an OpenAPI document is an example, not a fragment", () => {
    const page = parsePage(
      '# Errors\n\n## Error bodies\n\n```json\n{"errors": "Invalid API key"}\n```\n\n```json\n{"errors": \n```\n',
      "errors.md",
    );
    expect(page.fragments).toEqual([]);
  });
});
