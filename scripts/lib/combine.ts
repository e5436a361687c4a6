/**
 * Combines per-operation fragments into one document: one operation per path and method, one
 * component per name. The same operation or component documented on several pages must agree
 * in structure (text aside); the English text wins over Japanese or Korean.
 */
import type { Source } from "./sources.js";

type Json = unknown;
type Obj = Record<string, Json>;

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** Keys that carry prose: pages in other languages may differ there and nowhere else. */
const TEXT_KEYS = new Set(["description", "summary", "title"]);

export class MergeConflictError extends Error {
  override name = "MergeConflictError";
}

const pointerPart = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/** The JSON pointer (below `base`) of the first structural difference, or undefined if none. */
export function firstDifference(a: Json, b: Json, base = ""): string | undefined {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return base || "/";
    if (a.length !== b.length) return base || "/";
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${base}/${i}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) {
      // A prose key holds a string; a property *named* "description" holds a schema object.
      const [x, y] = [(a as Obj)[key], (b as Obj)[key]];
      if (TEXT_KEYS.has(key) && typeof x !== "object" && typeof y !== "object") continue;
      const d = firstDifference(x, y, `${base}/${pointerPart(key)}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : base || "/";
}

const LANGUAGE_RANK = { en: 0, ja: 1, ko: 2 } as const;

export interface Combined {
  document: Obj & { paths: Record<string, Obj>; components: Record<string, Obj> };
  /** `METHOD path` → the source whose text was kept. */
  origin: Map<string, string>;
}

export function combine(sources: Source[]): Combined {
  // English first, so that the first writer of each operation or component is the one kept.
  const ordered = [...sources].sort(
    (x, y) => LANGUAGE_RANK[x.language] - LANGUAGE_RANK[y.language] || x.name.localeCompare(y.name),
  );
  const paths: Record<string, Obj> = {};
  const components: Record<string, Obj> = {};
  const tags = new Map<string, Obj>();
  const servers = new Map<string, Obj>();
  const security = new Map<string, Obj>();
  const origin = new Map<string, string>();
  const componentOrigin = new Map<string, string>();
  let info: Obj | undefined;

  const keep = (
    seen: Map<string, string>,
    key: string,
    pointer: string,
    source: string,
    kept: Json,
    incoming: Json,
  ) => {
    const d = firstDifference(kept, incoming, pointer);
    if (d !== undefined) {
      throw new MergeConflictError(
        `${key} differs in structure between ${seen.get(key)} and ${source} at ${d} (descriptions and titles aside)`,
      );
    }
  };

  for (const { name, document } of ordered) {
    info ??= document.info as Obj | undefined;
    for (const tag of (document.tags as Obj[] | undefined) ?? [])
      if (!tags.has(String(tag.name))) tags.set(String(tag.name), tag);
    for (const server of (document.servers as Obj[] | undefined) ?? [])
      if (!servers.has(String(server.url))) servers.set(String(server.url), server);
    for (const requirement of (document.security as Obj[] | undefined) ?? [])
      security.set(JSON.stringify(requirement), requirement);

    for (const [section, entries] of Object.entries((document.components as Record<string, Obj> | undefined) ?? {})) {
      components[section] ??= {};
      for (const [key, value] of Object.entries(entries)) {
        const id = `components.${section}.${key}`;
        if (key in components[section]!) {
          keep(
            componentOrigin,
            id,
            `/components/${section}/${pointerPart(key)}`,
            name,
            components[section]![key],
            value,
          );
        } else {
          components[section]![key] = value;
          componentOrigin.set(id, name);
        }
      }
    }
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const [method, operation] of Object.entries(item)) {
        if (!(HTTP_METHODS as readonly string[]).includes(method)) continue;
        const id = `${method.toUpperCase()} ${path}`;
        paths[path] ??= {};
        if (method in paths[path]!) {
          keep(origin, id, `/paths/${pointerPart(path)}/${method}`, name, paths[path]![method], operation);
        } else {
          paths[path]![method] = operation;
          origin.set(id, name);
        }
      }
    }
  }

  return {
    document: {
      openapi: "3.1.0",
      info: info ?? { title: "Alli API", version: "1.0.0" },
      servers: [...servers.values()],
      security: [...security.values()],
      tags: [...tags.values()],
      paths,
      components,
    },
    origin,
  };
}
