/**
 * An operation written by hand in openapi/extra/ stands in for a fragment the site did not
 * publish. Once the site publishes a fragment for the same method and path, the fragment wins,
 * whatever their differences: it is the documentation, the hand-written file was a copy of it
 * in prose. The file's other operations stay; a file left with none is no longer needed, and the
 * notice says so, for the reviewer to delete it.
 */
import { HTTP_METHODS, operationKey } from "./combine.js";
import type { Source } from "./sources.js";

type Obj = Record<string, any>;

const operationsOf = (source: Source) =>
  Object.entries<Obj>(source.document.paths ?? {}).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((method) => (HTTP_METHODS as readonly string[]).includes(method))
      .map((method) => ({ path, method, key: operationKey(method, path) })),
  );

export function withoutSuperseded(sources: Source[]): { sources: Source[]; notices: string[] } {
  const published = new Map<string, string>();
  // Only an English fragment: one in another language ranks below the English hand-written file, as its text would.
  for (const source of sources.filter((s) => !s.handWritten && s.language === "en"))
    for (const { key } of operationsOf(source)) if (!published.has(key)) published.set(key, source.name);

  const notices: string[] = [];
  const kept: Source[] = [];
  for (const source of sources) {
    const superseded = source.handWritten ? operationsOf(source).filter(({ key }) => published.has(key)) : [];
    if (superseded.length === 0) {
      kept.push(source);
      continue;
    }
    const file = `openapi/${source.name}`;
    for (const { key } of superseded)
      notices.push(`${key}: the site now publishes it (${published.get(key)}), which replaces the one in ${file}`);
    const left = operationsOf(source).length - superseded.length;
    if (left === 0) {
      // Its components and tags go too: they served only these operations, and a stale copy
      // of a component the fragment also defines would be a merge conflict.
      notices.push(`${file} is no longer needed: the site publishes all its operations; delete it`);
      continue;
    }
    const document = structuredClone(source.document);
    for (const { path, method } of superseded) {
      delete document.paths![path]![method];
      if (Object.keys(document.paths![path]!).length === 0) delete document.paths![path];
    }
    kept.push({ ...source, document });
  }
  return { sources: kept, notices };
}
