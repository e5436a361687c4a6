/**
 * The docs site changes under the project: the App Market page starts publishing OpenAPI
 * fragments, for operations written by hand in openapi/extra/ (with upstream ids that derive
 * other names) and for an operation the Apps page already publishes (with both servers and
 * another tag spelling), and language versions appear in other folders. `npm run spec:update --
 * --from-index` against a loopback copy of such a site must go through and change nothing users
 * rely on: the method names, the corrections of our overlay, the English text.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { indexedPages } from "../../scripts/lib/site-pages.js";
import { committedPages, runUpdate, scratchCopy, startSite } from "../helpers/docs-site.js";
import { op, ROOT, spec as committedSpec } from "../helpers/spec.js";

const US = { url: "https://backend.alli.ai", description: "US" };
const JA = { url: "https://backend-ja.alli.ai", description: "JA" };
const readJson = (...parts: string[]) => JSON.parse(readFileSync(join(...parts), "utf8"));

/** An upstream fragment for the operations of an openapi/extra/ file, under the ids `ids` (by method). */
function publishedExtra(file: string, ids: Record<string, string>): object[] {
  const document = parseYaml(readFileSync(join(ROOT, "openapi", "extra", file), "utf8"));
  const [path, item] = Object.entries<any>(document.paths)[0]!;
  return Object.entries(ids).map(([method, operationId]) => ({
    ...document,
    servers: [US, JA],
    paths: { [path]: { [method]: { ...item[method], operationId } } },
  }));
}

/** The App Market page as the site now publishes it: Markdown with one fragment per operation. */
function appMarketPage(): string {
  const listApps = readJson(ROOT, "openapi", "fragments", "apps.en", "get-webapi-v2-apps.json");
  const fragments = [
    // The operation the Apps page publishes too, with both servers and the tag spelled "Apps".
    {
      ...listApps,
      servers: [US, JA],
      tags: [{ name: "Apps", description: "App related APIs" }],
      // Under another upstream id than the Apps page's: an id names nothing, so the two still merge.
      paths: {
        "/webapi/v2/apps": {
          get: {
            ...listApps.paths["/webapi/v2/apps"].get,
            tags: ["Apps"],
            operationId: "django_server_llm_app_views_rest_app_market_api_list_apps",
          },
        },
      },
    },
    ...publishedExtra("run-conversation.yaml", {
      post: "django_server_llm_app_views_rest_apps_api_run_conversation_app",
    }),
    ...publishedExtra("cognitive-config.yaml", {
      get: "django_server_llm_app_views_rest_cognitive_config_api_get_cognitive_config_view",
      patch: "django_server_llm_app_views_rest_cognitive_config_api_update_cognitive_config",
    }),
  ];
  const sections = fragments.map((fragment: any) => {
    const operation: any = Object.values(Object.values(fragment.paths)[0]!)[0];
    return `## ${operation.summary}\n\n\`\`\`json\n${JSON.stringify(fragment)}\n\`\`\`\n`;
  });
  return `# App Market\n\nApp related APIs\n\n${sections.join("\n")}`;
}

/** A page's text in another language: its fragments' summaries and descriptions replaced (and its headings, if given). */
function translated(text: string, prose: string, heading?: string): string {
  const fragments = text.replace(/"(summary|description)":"(?:[^"\\]|\\.)*"/g, `"$1":"${prose}"`);
  return heading === undefined ? fragments : fragments.replace(/^## .+$/gm, `## ${heading}`);
}

describe("spec:update --from-index against a site that changed", () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  /** `spec:update --from-index` on a scratch copy of the project, against a loopback site of `pages`. */
  async function updateFrom(pages: Record<string, string>) {
    const site = await startSite(pages);
    const root = scratchCopy();
    roots.push(root);
    try {
      return { root, ...(await runUpdate(root, site.indexUrl)) };
    } finally {
      await site.close();
    }
  }

  it("keeps names, corrections and English text when the App Market page publishes fragments", async () => {
    const pages = committedPages();
    pages["api-reference/app-market.en"] = appMarketPage();
    // Language versions in folders of their own: Korean throughout; Japanese with its headings
    // left in English, which would read as a second English Others page but for its folder.
    pages["ko/api-reference/apps"] = translated(pages["api-reference/apps.en"]!, "한국어 설명", "한국어 제목");
    pages["ja/api-reference/others"] = translated(pages["api-reference/others.en"]!, "日本語の説明");
    const { root, code, stdout, stderr } = await updateFrom(pages);
    expect(code, stderr).toBe(0);
    const spec = readJson(root, "openapi", "alli.openapi.json");

    // The hand-written operations are superseded, and the report says which files can go.
    for (const file of ["run-conversation.yaml", "cognitive-config.yaml"])
      expect(stdout).toContain(`openapi/extra/${file} is no longer needed`);

    // The names users call are kept, and the report says the upstream id would derive another.
    expect(readJson(root, "openapi", "operation-names.json")).toEqual(
      readJson(ROOT, "openapi", "operation-names.json"),
    );
    expect(op("/webapi/v2/apps/{app_id}/run_conversation", "post", spec).operationId).toBe("runConversation");
    expect(op("/webapi/v2/cognitive_config", "get", spec).operationId).toBe("getCognitiveConfig");
    expect(op("/webapi/v2/cognitive_config", "patch", spec).operationId).toBe("patchCognitiveConfig");
    expect(stdout).toContain(
      "POST /webapi/v2/apps/{app_id}/run_conversation: keeps the name runConversation; its upstream id django_server_llm_app_views_rest_apps_api_run_conversation_app would derive runConversationApp",
    );
    const methods = readFileSync(join(root, "generated", "methods.ts"), "utf8");
    expect(methods).toContain("  runConversation<");
    expect(methods).not.toMatch(/runConversationApp|getCognitiveConfigView|updateCognitiveConfig/);

    // The overlay's corrections apply to the upstream version: JSON-string fields, event stream.
    const run = op("/webapi/v2/apps/{app_id}/run_conversation", "post", spec);
    const form = run.requestBody.content["multipart/form-data"].schema.properties;
    expect(form.choices["x-alli-json-string"]).toEqual({ type: "array", items: { type: "integer", minimum: 0 } });
    expect(form.sendFormInput["x-alli-json-string"]).toEqual({ type: "object", additionalProperties: true });
    expect(Object.keys(run.responses["200"].content)).toEqual(["text/event-stream"]);
    expect(readFileSync(join(root, "generated", "operations.ts"), "utf8")).toMatch(
      /"operationId": "runConversation",\s+"trigger": "always"/,
    );

    // One GET /webapi/v2/apps from two pages: both servers (the overlay's JA not repeated), its tag.
    const listApps = op("/webapi/v2/apps", "get", spec);
    expect(listApps.servers).toEqual([
      { url: US.url, description: "US region", "x-alli-region": "us" },
      { url: JA.url, description: "JA region", "x-alli-region": "ja" },
    ]);
    expect(listApps.tags).toEqual(["Apps"]);
    expect(stdout).toMatch(
      /GET \/webapi\/v2\/apps is published by app-market\.en\/get-webapi-v2-apps\.json and apps\.en\/get-webapi-v2-apps\.json with different servers .* and tags Apps \/ apps: merged into one operation/,
    );

    // The language versions are read as such, and the English text is kept everywhere.
    expect(stdout).toContain("apps.ko (");
    expect(stdout).toContain("others.ja (");
    expect(JSON.stringify(spec)).not.toMatch(/한국어|日本語/);

    // In all, users see no change: the spec is the committed one.
    expect(spec).toEqual(committedSpec);
  }, 240_000);

  it("keeps a hand-written operation the site publishes only in another language: English text ranks first", async () => {
    const pages = committedPages();
    pages["ja/api-reference/app-market"] = translated(appMarketPage(), "日本語の説明");
    const { root, code, stdout, stderr } = await updateFrom(pages);
    expect(code, stderr).toBe(0);
    expect(stdout).not.toContain("is no longer needed");
    const spec = readJson(root, "openapi", "alli.openapi.json");
    expect(JSON.stringify(spec)).not.toContain("日本語");
    expect(spec).toEqual(committedSpec);
  }, 240_000);
});

describe("the site's index", () => {
  it("lists the section's language versions in folders of their own, not other sections' pages", () => {
    const index = [
      "- [Apps](https://docs.test/api-reference/apps)",
      "- [Apps, Japanese](https://docs.test/ja/api-reference/apps)",
      "- [Apps, Korean](https://docs.test/ko-kr/api-reference/apps.md)",
      "- [Guide, Japanese](https://docs.test/ja/guides/start)",
      "- [Japanese section's home](https://docs.test/ja/api-reference/)",
    ].join("\n");
    const pages = [
      "https://docs.test/api-reference/apps.md",
      "https://docs.test/ja/api-reference/apps.md",
      "https://docs.test/ko-kr/api-reference/apps.md",
    ];
    expect(indexedPages(index, "https://docs.test/api-reference/llms.txt")).toEqual(pages);
    // The index of a language version lists the same section.
    expect(indexedPages(index, "https://docs.test/ja/api-reference/llms.txt")).toEqual(pages);
  });
});
