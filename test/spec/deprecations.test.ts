/**
 * The generative answer page calls knowledgeBaseIds/folderIds "legacy" (use `source` instead): the spec marks them
 * deprecated, and an editor strikes them through in a method call, as TypeScript's language service reports.
 */
import { join } from "node:path";
import ts from "typescript";
import { expect, it } from "vitest";
import { op, ROOT } from "../helpers/spec.js";

it("marks knowledgeBaseIds and folderIds deprecated, with the page's sentence as the reason", () => {
  const properties = op("/webapi/generative_answer", "post").requestBody.content["application/json"].schema.properties;
  const marked = Object.keys(properties).filter((name) => properties[name].deprecated);
  expect(marked.sort()).toEqual(["folderIds", "knowledgeBaseIds"]);
  expect(properties.source.description).toContain("instead of the legacy knowledgeBaseIds/folderIds parameters");
});

/**
 * What an editor shows for a generated method's params: the completion entries the language service marks
 * `deprecated` (drawn struck through), and whether hovering a written field shows `@deprecated`.
 */
function deprecatedInEditor(): { completions: string[]; hovered: Record<string, boolean> } {
  const file = join(ROOT, "test", "spec", "deprecations-probe.ts");
  const source = `import { createAlliClient } from "../../src/index.js";
const alli = createAlliClient({ apiKey: "k" });
void alli.getGenerativeAnswer({ query: "q", knowledgeBaseIds: ["kb"], folderIds: ["f"], source: {} });
void alli.getGenerativeAnswer({ query: "q",  });
`;
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    types: ["node"],
  };
  const read = (name: string) => (name === file ? source : ts.sys.readFile(name));
  const service = ts.createLanguageService({
    getCompilationSettings: () => options,
    getScriptFileNames: () => [file],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => (read(name) === undefined ? undefined : ts.ScriptSnapshot.fromString(read(name)!)),
    getCurrentDirectory: () => ROOT,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: read,
  });
  expect(service.getSemanticDiagnostics(file)).toEqual([]);
  const entries = service.getCompletionsAtPosition(file, source.lastIndexOf('"q", ') + 5, {})?.entries ?? [];
  const completions = entries.filter((e) => e.kindModifiers?.split(",").includes("deprecated")).map((e) => e.name);
  const hovered = Object.fromEntries(
    ["query", "knowledgeBaseIds", "folderIds", "source"].map((name) => {
      const info = service.getQuickInfoAtPosition(file, source.indexOf(`${name}:`));
      return [name, (info?.tags ?? []).some((tag) => tag.name === "deprecated")];
    }),
  );
  return { completions, hovered };
}

it("shows the deprecated fields struck through and tagged in a call of the generated method, and no other", () => {
  const { completions, hovered } = deprecatedInEditor();
  expect(completions.sort()).toEqual(["folderIds", "knowledgeBaseIds"]);
  expect(hovered).toEqual({ query: false, knowledgeBaseIds: true, folderIds: true, source: false });
}, 60_000);
