/**
 * What `alli verify` sends: every GET of the spec (never a write), filled from the spec alone. Path parameters
 * come from the answers of the list above them (`/apps/{app_id}` from an item of `/apps`), required query
 * parameters and bodies from the spec's examples and defaults; what cannot be filled is skipped, saying why.
 */
import { resolveRef as resolve } from "../node/answer-check.js";

type Obj = Record<string, any>;
export type VerifyTarget = ReturnType<typeof verifyTargets>[number];
export type Filled = { params: { path?: Obj; query?: Obj }; body?: unknown } | { skip: string };

/** The spec's GETs, lists before the operations their answers fill in (fewer path parameters first). */
export function verifyTargets(spec: Obj) {
  const targets = Object.entries<Obj>(spec.paths ?? {})
    .filter(([, item]) => item.get)
    .map(([path, { parameters = [], get }]) => ({
      operationId: get.operationId as string,
      path,
      pathParams: [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!),
      requiredQuery: [...parameters, ...(get.parameters ?? [])]
        .map((p: Obj) => resolve(spec, p))
        .filter((p): p is Obj => p?.in === "query" && p.required),
      requestBody: resolve(spec, get.requestBody),
      itemsField: get["x-alli-pagination"]?.itemsField as string | undefined,
    }));
  return targets.sort((a, b) => a.pathParams.length - b.pathParams.length); // stable: else in spec order
}

/** A parameter's or media type's example: its own, its first named one, or its schema's example or default. */
function exampleOf(spec: Obj, holder: Obj | undefined): unknown {
  const named = Object.values<Obj>(holder?.examples ?? {})[0];
  const schema = resolve(spec, holder?.schema);
  const fromSchema = schema?.example ?? (Array.isArray(schema?.examples) ? schema.examples[0] : undefined);
  return holder?.example ?? (named && (resolve(spec, named)?.value ?? named)) ?? fromSchema ?? schema?.default;
}

/** The request for `target`, with the ids found so far; or why it cannot be sent. */
export function fill(spec: Obj, target: VerifyTarget, found: ReadonlyMap<string, string>): Filled {
  const noId = target.pathParams.find((name) => !found.has(name));
  if (noId) return { skip: `no ${noId} to use (no list answer gave one)` };
  const query = Object.fromEntries(target.requiredQuery.map((p) => [p.name, exampleOf(spec, p)]));
  const missing = Object.keys(query).filter((name) => query[name] === undefined);
  if (missing.length) return { skip: `needs ${missing.join(", ")} (required; the spec gives no example)` };
  const media = target.requestBody?.content?.["application/json"];
  const example = exampleOf(spec, media);
  const required: string[] = resolve(spec, media?.schema)?.required ?? [];
  if (example === undefined && required.length)
    return { skip: `needs a body with ${required.join(", ")} (the spec gives no example)` };
  const body = example ?? (target.requestBody?.required ? {} : undefined);
  const path = Object.fromEntries(target.pathParams.map((name) => [name, found.get(name)]));
  return {
    params: { ...(target.pathParams.length ? { path } : {}), ...(target.requiredQuery.length ? { query } : {}) },
    ...(body === undefined ? {} : { body }),
  };
}

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Adds the ids a list answer gives the GETs one `{param}` below it (`/apps` → `/apps/{app_id}`): its first
 * item's `id`, or its field named like the parameter (`llmPromptId` for `llm_prompt_id`).
 */
export function addIds(found: Map<string, string>, targets: VerifyTarget[], list: VerifyTarget, data: unknown) {
  const record: Obj = data && typeof data === "object" ? data : {};
  const items = [data, list.itemsField && record[list.itemsField], ...Object.values(record)].find(Array.isArray);
  const first: Obj | undefined = items?.find((item: unknown) => item && typeof item === "object");
  if (!first) return;
  for (const child of targets) {
    const [, parent, name] = /^(.*)\/\{([^{}/]+)\}$/.exec(child.path) ?? [];
    if (parent !== list.path || !name || found.has(name)) continue;
    const id = first.id ?? first[camel(name)] ?? first[name];
    if (typeof id === "string" || typeof id === "number") found.set(name, String(id));
  }
}
