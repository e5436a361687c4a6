/**
 * A loopback copy of the documentation site for `npm run spec:update -- --from-index`, and the
 * update run on a scratch copy of openapi/ and generated/ (ALLI_SPEC_ROOT), so the committed
 * files are never touched.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startServer, type ScriptedServer } from "./http-server.js";
import { ROOT } from "./spec.js";

/** Every committed page, by its place on the site: `api-reference/apps.en` → its Markdown. */
export function committedPages(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(join(ROOT, "openapi", "pages"))
      .filter((f) => f.endsWith(".txt"))
      .map((f) => [
        `api-reference/${f.replace(/\.txt$/, "")}`,
        readFileSync(join(ROOT, "openapi", "pages", f), "utf8"),
      ]),
  );
}

/**
 * The site: `/api-reference/llms.txt` lists each of `pages` (its place on the site → its Markdown,
 * or an HTTP status to answer instead), plus a guide and another site it must leave out; each
 * page is served at its place with `.md`.
 */
export async function startSite(
  pages: Record<string, string | number>,
): Promise<ScriptedServer & { indexUrl: string }> {
  const site: ScriptedServer = await startServer((req, res) => {
    const path = new URL(req.url!, "http://x").pathname;
    if (path === "/api-reference/llms.txt") {
      const links = Object.keys(pages).map((place) => `- [${place}](${site.url}/${place}): a page`);
      res.writeHead(200, { "content-type": "text/plain" });
      return void res.end(
        `# Alli API reference\n\n## Pages\n\n${links.join("\n")}\n- [Guides](${site.url}/guides/start.md): not the API reference\n- [Elsewhere](https://example.com/api-reference/x.md)\n`,
      );
    }
    const place = /^\/(.+)\.md$/.exec(path)?.[1];
    const page = place === undefined ? undefined : pages[place];
    if (typeof page === "string") {
      res.writeHead(200, { "content-type": "text/markdown; charset=utf-8" });
      return void res.end(page);
    }
    res.writeHead(typeof page === "number" ? page : 404);
    res.end();
  });
  return Object.assign(site, { indexUrl: `${site.url}/api-reference/llms.txt` });
}

/** A scratch copy of openapi/ and generated/; the caller removes it. */
export function scratchCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "alli-from-index-"));
  cpSync(join(ROOT, "openapi"), join(dir, "openapi"), { recursive: true });
  cpSync(join(ROOT, "generated"), join(dir, "generated"), { recursive: true });
  return dir;
}

/** `npm run spec:update -- --from-index <indexUrl>` on the scratch copy `root`. */
export function runUpdate(root: string, indexUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(
    process.execPath,
    ["--import", "tsx", join(ROOT, "scripts", "update.ts"), "--from-index", indexUrl],
    { cwd: ROOT, env: { ...process.env, ALLI_SPEC_ROOT: root }, timeout: 240_000 },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}
