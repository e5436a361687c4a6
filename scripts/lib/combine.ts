/**
 * Combines per-operation fragments into one document: one operation per path and method, one
 * component per name. The same operation or component documented on several pages must agree
 * in structure (text aside); the English text wins over Japanese or Korean. Each operation keeps
 * the servers its page names (pages differ: the Apps page names only the US server); an
 * operation on several pages gets the servers of all of them.
 */
import type { Source } from "./sources.js";

type Json = unknown;
type Obj = Record<string, Json>;

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** How the pipeline names an operation in its reports and in openapi/operation-names.json: `GET /webapi/v2/apps`. */
export const operationKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

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
  /** What a reviewer should know: an operation two pages publish with different servers or tags. */
  notices: string[];
}

/**
 * The operation as its document publishes it: with the document's servers, when it names any
 * and the operation names none of its own. A document that names no server (a hand-written
 * file that does not say) gives none: the operation is not claimed to be on a server nobody
 * documented for it; OpenAPI then reads the top-level list.
 */
function withServers(operation: Obj, servers: Json): Obj {
  // A copy either way: the servers of a later page are merged into it.
  if (operation.servers !== undefined || !Array.isArray(servers) || servers.length === 0) return { ...operation };
  return { ...operation, servers };
}

/**
 * What must agree between two pages' copies of an operation: not its tags and servers (below), nor its upstream
 * operationId, which two pages may spell differently and which names nothing (openapi/operation-names.json does).
 */
const structureOf = ({ tags: _tags, servers: _servers, operationId: _id, ...structure }: Obj): Obj => structure;

const serverUrls = (operation: Obj) => ((operation.servers as Obj[] | undefined) ?? []).map((s) => String(s.url));

/**
 * Tags and servers are not structure: pages group operations differently and name the servers
 * they were written for. The kept operation gets the servers of both (by URL, its own first) and
 * keeps its own tags, like its text; returns what differed, for the report.
 */
function mergeTagsAndServers(kept: Obj, incoming: Obj, sameLanguage: boolean): string[] {
  const differences: string[] = [];
  const [ours, theirs] = [serverUrls(kept), serverUrls(incoming)];
  if (ours.length !== theirs.length || theirs.some((url) => !ours.includes(url))) {
    differences.push(`servers ${ours.join(", ") || "(none)"} / ${theirs.join(", ") || "(none)"}`);
    const added = (incoming.servers as Obj[] | undefined)?.filter((s) => !ours.includes(String(s.url))) ?? [];
    if (added.length) kept.servers = [...((kept.servers as Obj[] | undefined) ?? []), ...added];
  }
  // Another language's tags are translations of the same group, like its text.
  const [ourTags, theirTags] = [(kept.tags ?? []) as string[], (incoming.tags ?? []) as string[]];
  if (sameLanguage && ourTags.join("\n") !== theirTags.join("\n"))
    differences.push(`tags ${ourTags.join(", ") || "(none)"} / ${theirTags.join(", ") || "(none)"}`);
  return differences;
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
  const originLanguage = new Map<string, string>();
  const notices: string[] = [];
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

  for (const { name, language, document } of ordered) {
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
      for (const [method, published] of Object.entries(item)) {
        if (!(HTTP_METHODS as readonly string[]).includes(method)) continue;
        const operation = withServers(published as Obj, document.servers);
        const id = operationKey(method, path);
        paths[path] ??= {};
        const kept = paths[path]![method] as Obj | undefined;
        if (kept) {
          keep(origin, id, `/paths/${pointerPart(path)}/${method}`, name, structureOf(kept), structureOf(operation));
          const differences = mergeTagsAndServers(kept, operation, originLanguage.get(id) === language);
          if (differences.length)
            notices.push(
              `${id} is published by ${origin.get(id)} and ${name} with different ${differences.join(" and ")}: merged into one operation, with the servers of both and the tags of ${origin.get(id)}`,
            );
        } else {
          paths[path]![method] = operation;
          origin.set(id, name);
          originLanguage.set(id, language);
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
    notices,
  };
}
