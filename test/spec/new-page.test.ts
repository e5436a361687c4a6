/**
 * A documentation page the pipeline has never seen goes through with no hand edit: its Django
 * operationId gets a good name, its shape marks it paginated, and the class rules clean it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { buildSpec } from "../../scripts/lib/build-spec.js";
import type { Overlay } from "../../scripts/lib/overlay.js";
import { parsePage } from "../../scripts/lib/page.js";
import { sources } from "../helpers/fragments.js";
import { op, ROOT } from "../helpers/spec.js";
import { pageText } from "../helpers/new-page.js";

describe("a new documentation page", () => {
  const page = parsePage(pageText, "knowledge.txt");
  const overlay = parseYaml(readFileSync(join(ROOT, "openapi", "overlay.yaml"), "utf8")) as Overlay;
  const { spec } = buildSpec({
    sources: [
      ...sources(),
      {
        name: `${page.slug}/get-webapi-v2-knowledge_bases.json`,
        language: page.language,
        document: page.fragments[0]!.document,
      },
    ],
    overlay,
  });
  const operation = op("/webapi/v2/knowledge_bases", "get", spec);

  it("gets a camelCase operationId from its Django view name", () => {
    expect(operation.operationId).toBe("listKnowledgeBases");
  });

  it("is marked paginated from its shape", () => {
    expect(operation["x-alli-pagination"]).toEqual({
      style: "cursor",
      itemsField: "knowledgeBases",
      cursorParam: "cursor",
      cursorField: "cursor",
      pageSizeParam: "pageSize",
    });
  });

  it("is cleaned by the class rules: nullable, error responses, tag spelling", () => {
    expect(JSON.stringify(spec.components.schemas.KnowledgeBasesResponse)).not.toContain("nullable");
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(["400", "401", "403", "500"]));
    expect(operation.tags).toEqual(["Knowledge"]);
  });

  it("lints clean with the project's Redocly configuration", () => {
    const dir = mkdtempSync(join(tmpdir(), "alli-new-page-"));
    try {
      const file = join(dir, "spec.json");
      writeFileSync(file, JSON.stringify(spec));
      const output = execFileSync(
        process.execPath,
        [
          join(ROOT, "node_modules", "@redocly", "cli", "bin", "cli.js"),
          "lint",
          file,
          "--config",
          join(ROOT, "redocly.yaml"),
          "--format",
          "json",
        ],
        { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
      );
      const report = JSON.parse(output.slice(output.indexOf("{")));
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
