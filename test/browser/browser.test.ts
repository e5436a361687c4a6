/**
 * The browser ESM build (dist/browser, from `npm run build`) in a real headless Chromium (the one
 * npm ci brings, see helpers/find-chromium.ts; driven by playwright-core): it lists apps and
 * streams a generative answer from the Prism mock, which sends CORS headers. A failing run leaves a
 * screenshot in test-results/.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";
import { ROOT } from "../helpers/spec.js";
import { launchChromium } from "../helpers/find-chromium.js";

const BUNDLE = join(ROOT, "dist", "browser", "index.js");

/** The page: the package's browser build, its two runtime dependencies mapped by an import map. */
const page = (prismUrl: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>alli-sdk in a browser</title>
<script type="importmap">{"imports": {
  "openapi-fetch": "/node_modules/openapi-fetch/dist/index.mjs",
  "eventsource-parser": "/node_modules/eventsource-parser/dist/index.js"
}}</script></head>
<body><pre id="out">running…</pre>
<script type="module">
  import { createAlliClient, AlliError } from "/dist/browser/index.js";
  const out = document.getElementById("out");
  try {
    const alli = createAlliClient({ apiKey: "browser-key", baseUrl: ${JSON.stringify(prismUrl)} });
    const { data } = await alli.GET("/webapi/v2/apps", { params: { query: { pageSize: 5 } } });
    const viaMethod = await alli.listApps({ pageSize: 5 });
    const events = [];
    for await (const event of alli.stream("/webapi/generative_answer", { body: { query: "Alli?" } })) events.push(event);
    let getBodyError = "";
    try {
      await alli.GET("/webapi/summary_analytics", { body: { startDate: "2026-01-01", endDate: "2026-01-31" } });
    } catch (error) {
      getBodyError = (error instanceof AlliError ? "AlliError: " : "") + error.message;
    }
    window.result = { apps: data.apps.length, appKeys: Object.keys(data), methodApps: viaMethod.apps.length, events, getBodyError };
    out.textContent = JSON.stringify(window.result, null, 2);
  } catch (error) {
    window.result = { error: String(error && error.stack || error) };
    out.textContent = window.result.error;
  }
</script></body></html>`;

const TYPES: Record<string, string> = { ".js": "text/javascript", ".mjs": "text/javascript", ".html": "text/html" };

let site: ScriptedServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error("dist/browser/index.js is missing: `npm run build` first (npm test does)");
  const prismUrl = inject("prismUrl");
  site = await startServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://site.test").pathname;
    if (path === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return void res.end(page(prismUrl));
    }
    // Serves only the build and the two dependencies the import map names.
    const allowed =
      /^\/(dist\/browser\/[\w.-]+\.js|node_modules\/(openapi-fetch|eventsource-parser)\/dist\/[\w.-]+\.m?js)$/.test(
        path,
      );
    const file = join(ROOT, path);
    if (!allowed || !existsSync(file)) {
      res.writeHead(404);
      return void res.end();
    }
    res.writeHead(200, { "content-type": TYPES[path.slice(path.lastIndexOf("."))] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe("the browser build in Chromium", () => {
  it("has no Node-only module in it", () => {
    const bundle = readFileSync(BUNDLE, "utf8");
    expect(bundle).not.toMatch(/from\s*["'](node:|undici)/);
    expect(bundle).not.toMatch(/import\(["'](node:|fs|undici)/);
  });

  it("lists apps and streams a generative answer from Prism", async (context) => {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on("pageerror", (error) => errors.push(error.message));
    try {
      await tab.goto(site.url);
      await tab.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, undefined, {
        timeout: 20_000,
      });
      const result = await tab.evaluate(() => (window as unknown as { result: Record<string, unknown> }).result);
      expect(result.error).toBeUndefined();
      expect(result.appKeys).toEqual(expect.arrayContaining(["apps", "cursor"]));
      expect(result.apps).toBeGreaterThan(0);
      expect(result.methodApps).toBe(result.apps);
      // The spec's own event-stream example for generative answer, decoded in the browser.
      expect(result.events).toEqual([
        { answer: { blocks: [{ text: "Alli " }], entityMap: {} } },
        { answer: { blocks: [{ text: "Alli answers." }], entityMap: {} }, answerHash: "hash_1", confidence: 0.93 },
      ]);
      // A GET that must carry a body cannot be sent by a browser's fetch: the error says so and names it.
      expect(result.getBodyError).toMatch(/^AlliError: GET \/webapi\/summary_analytics \(summaryAnalytics\).*Node\.js/);
      expect(errors).toEqual([]);
    } catch (error) {
      const dir = join(ROOT, "test-results");
      mkdirSync(dir, { recursive: true });
      await tab
        .screenshot({ path: join(dir, `browser-${context.task.id}.png`), fullPage: true })
        .catch(() => undefined);
      throw error;
    } finally {
      await tab.close();
    }
  });
});
