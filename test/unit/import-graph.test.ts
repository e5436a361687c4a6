/**
 * Imports among src/ modules run one way: no circle, type-only imports included (a type both
 * sides need lives in the lower module). A circle makes load order matter and the layers blur.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/spec.js";

const SRC = join(ROOT, "src");
const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => join(SRC, f));

/** Every relative import of a file that lands in src/, static, type-only and dynamic alike. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]+)"/g)].map((m) => m[1]!);
  return specifiers.map((s) => resolve(dirname(file), s.replace(/\.js$/, ".ts"))).filter((target) => target.startsWith(SRC + "/"));
}

function findCircle(): string[] | undefined {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === "done") return undefined;
    if (state.get(file) === "open") return [...stack.slice(stack.indexOf(file)), file];
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      const circle = visit(next);
      if (circle) return circle;
    }
    stack.pop();
    state.set(file, "done");
    return undefined;
  };
  for (const file of files) {
    const circle = visit(file);
    if (circle) return circle.map((f) => relative(SRC, f));
  }
  return undefined;
}

describe("src/ imports", () => {
  it("reads the imports of every module", () => {
    expect(importsOf(join(SRC, "errors.ts"))).toContain(join(SRC, "pagination-types.ts"));
  });

  it("form no circle", () => {
    expect(findCircle()).toBeUndefined();
  });
});
