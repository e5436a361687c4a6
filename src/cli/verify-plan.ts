/**
 * What `alli verify` sends: every GET of the spec (never a write), filled from the spec alone.
 * Path parameters come from the answers of the list each one belongs to (`/apps/{app_id}` from
 * the items of `/apps`), required query parameters and bodies from the spec's examples and
 * defaults; an operation that cannot be filled is skipped, saying why.
 */
import { resolveRef as resolve } from "../node/answer-check.js";

type Obj = Record<string, any>;

export interface VerifyTarget {
  operationId: string;
  path: string;
  /** Path parameter names, in path order. */
  pathParams: string[];
  parameters: Obj[];
  requestBody?: Obj;
  /** Its paginated items field, when the spec marks it paginated. */
  itemsField?: string;
}

export type Filled = { params: { path?: Obj; query?: Obj }; body?: unknown } | { skip: string };

/** The spec's GETs, lists before what their answers fill in (fewer path parameters first). */
export function verifyTargets(spec: Obj): VerifyTarget[] {
  const targets: VerifyTarget[] = [];
  for (const [path, item] of Object.entries<Obj>(spec.paths ?? {})) {
    const operation = item.get;
    if (!operation) continue;
    const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p: Obj) => resolve(spec, p)).filter(Boolean) as Obj[];
    const pathParams = [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
    targets.push({ operationId: operation.operationId, path, pathParams, parameters, requestBody: resolve(spec, operation.requestBody), itemsField: operation["x-alli-pagination"]?.itemsField });
  }
  return targets.map((t, i) => ({ t, i })).sort((a, b) => a.t.pathParams.length - b.t.pathParams.length || a.i - b.i).map(({ t }) => t);
}

function exampleOf(spec: Obj, holder: Obj | undefined): unknown {
  if (!holder) return undefined;
  if (holder.example !== undefined) return holder.example;
  const first = Object.values<Obj>(holder.examples ?? {})[0];
  if (first !== undefined) return resolve(spec, first)?.value ?? first;
  const schema = resolve(spec, holder.schema);
  if (schema?.example !== undefined) return schema.example;
  if (Array.isArray(schema?.examples) && schema.examples.length) return schema.examples[0];
  return schema?.default;
}

/** The request for `target`, from the ids found so far; or why it cannot be sent. */
export function fill(spec: Obj, target: VerifyTarget, found: ReadonlyMap<string, string>): Filled {
  const path: Obj = {};
  for (const name of target.pathParams) {
    const id = found.get(name);
    if (id === undefined) return { skip: `no ${name} to use (no list answer gave one)` };
    path[name] = id;
  }
  const query: Obj = {};
  const missing: string[] = [];
  for (const parameter of target.parameters.filter((p) => p.in === "query" && p.required)) {
    const value = exampleOf(spec, parameter);
    if (value === undefined) missing.push(parameter.name);
    else query[parameter.name] = value;
  }
  if (missing.length) return { skip: `needs ${missing.join(", ")} (required; the spec gives no example)` };
  let body: unknown;
  if (target.requestBody) {
    const media = target.requestBody.content?.["application/json"];
    body = exampleOf(spec, media);
    const schema = resolve(spec, media?.schema);
    if (body === undefined && (schema?.required ?? []).length > 0) return { skip: `needs a body with ${schema!.required.join(", ")} (the spec gives no example)` };
    body ??= target.requestBody.required ? {} : undefined;
  }
  return { params: { ...(target.pathParams.length ? { path } : {}), ...(Object.keys(query).length ? { query } : {}) }, ...(body === undefined ? {} : { body }) };
}

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Ids a list answer gives: for each GET one path segment below the list's (`/apps` → `/apps/{app_id}`),
 * the first item's `id`, or its field named like the parameter (`llmPromptId` for `llm_prompt_id`).
 */
export function idsFrom(targets: readonly VerifyTarget[], list: VerifyTarget, data: unknown, filledPath: Obj = {}): Map<string, string> {
  const ids = new Map<string, string>();
  const record = data && typeof data === "object" ? (data as Obj) : undefined;
  const items: unknown[] | undefined = Array.isArray(data)
    ? data
    : list.itemsField && Array.isArray(record?.[list.itemsField])
      ? record![list.itemsField]
      : (Object.values(record ?? {}).find(Array.isArray) as unknown[] | undefined);
  const first = items?.find((item) => item && typeof item === "object") as Obj | undefined;
  if (!first) return ids;
  for (const child of targets) {
    const below = child.path.startsWith(`${list.path}/`) ? child.path.slice(list.path.length + 1) : "";
    const name = /^\{([^{}/]+)\}$/.exec(below)?.[1];
    if (!name || name in filledPath) continue;
    const value = first.id ?? first[camel(name)] ?? first[name];
    if (typeof value === "string" || typeof value === "number") ids.set(name, String(value));
  }
  return ids;
}
