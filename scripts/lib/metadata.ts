/**
 * Spec-driven metadata for the handwritten layer: `x-alli-pagination` (how a list operation pages),
 * `x-alli-streaming` (what makes an operation stream) and `x-alli-error-field` (the success body's
 * field that reports a failure). Detected from an operation's shape where the shape is
 * unambiguous; an overlay action sets or overrides any of them where it is not.
 */
import { operations } from "./rules.js";

type Obj = Record<string, any>;

export type Pagination =
  | { style: "cursor"; itemsField: string; cursorParam: string; cursorField: string; pageSizeParam?: string }
  | { style: "offset-total"; itemsField: string; offsetParam: string; limitParam: string; totalField: string }
  | { style: "offset-array"; offsetParam: string; limitParam: string }
  | { style: "page-number"; itemsField: string; pageParam: string; totalField: string; pageSize?: number };

export interface Streaming {
  /** `always`, or the request-body field and value that switch the operation to streaming. */
  trigger: "always" | { field: string; value: string };
  mediaTypes: string[];
}

export const STREAMING_MEDIA_TYPES = ["text/event-stream", "application/x-ndjson", "application/jsonl"];
const TOTAL_FIELDS = ["totalCount", "total", "count"];

export function resolve(spec: Obj, node: Obj | undefined): Obj | undefined {
  let current = node;
  for (let hops = 0; current?.$ref && hops < 20; hops++) {
    const ref: string = current.$ref;
    if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported: ${ref}`);
    current = ref
      .slice(2)
      .split("/")
      .reduce<any>((at, part) => at?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
  }
  return current;
}

const isType = (schema: Obj | undefined, type: string) =>
  schema?.type === type ||
  (Array.isArray(schema?.type) && schema.type.includes(type)) ||
  (schema?.anyOf ?? []).some((s: Obj) => s.type === type);

function detectPagination(spec: Obj, operation: Obj): Pagination | undefined {
  const query = new Set<string>(
    (operation.parameters ?? [])
      .map((p: Obj) => resolve(spec, p))
      .filter((p: Obj) => p?.in === "query")
      .map((p: Obj) => p.name),
  );
  const body = resolve(spec, resolve(spec, operation.responses?.["200"])?.content?.["application/json"]?.schema);
  if (!body) return undefined;
  const properties: Record<string, Obj> = Object.fromEntries(
    Object.entries<Obj>(body.properties ?? {}).map(([k, v]) => [k, resolve(spec, v)!]),
  );
  const arrays = Object.keys(properties).filter((k) => isType(properties[k], "array"));
  const itemsField = arrays.length === 1 ? arrays[0]! : undefined;
  const totalField = TOTAL_FIELDS.find((k) => isType(properties[k], "integer"));

  if (query.has("cursor") && properties.cursor && itemsField) {
    const pageSizeParam = ["pageSize", "limit"].find((p) => query.has(p));
    return {
      style: "cursor",
      itemsField,
      cursorParam: "cursor",
      cursorField: "cursor",
      ...(pageSizeParam ? { pageSizeParam } : {}),
    };
  }
  if (query.has("offset") && query.has("limit")) {
    if (isType(body, "array")) return { style: "offset-array", offsetParam: "offset", limitParam: "limit" };
    if (itemsField && totalField)
      return { style: "offset-total", itemsField, offsetParam: "offset", limitParam: "limit", totalField };
  }
  const pageParam = ["pageNo", "page"].find((p) => query.has(p));
  if (pageParam && itemsField && totalField) return { style: "page-number", itemsField, pageParam, totalField };
  return undefined;
}

function detectStreaming(spec: Obj, operation: Obj): Streaming | undefined {
  const content = resolve(spec, operation.responses?.["200"])?.content ?? {};
  const mediaTypes = Object.keys(content).filter((m) => STREAMING_MEDIA_TYPES.includes(m));
  if (mediaTypes.length === 0) return undefined;
  const schema = resolve(spec, operation.requestBody?.content?.["application/json"]?.schema);
  for (const [field, property] of Object.entries<Obj>(schema?.properties ?? {})) {
    const enumeration = resolve(spec, property)?.enum;
    // A body field whose values include "stream" beside others switches streaming on.
    if (Array.isArray(enumeration) && enumeration.includes("stream") && enumeration.length > 1) {
      return { trigger: { field, value: "stream" }, mediaTypes };
    }
  }
  return { trigger: "always", mediaTypes };
}

/**
 * The API's error answers carry `errors` ("Error information if the request fails"), and six operations document the
 * same field in their 200 body: a 200 with it set is a failure the status does not tell. The field's name is the rule.
 */
const ERROR_FIELD = "errors";
function detectErrorField(spec: Obj, operation: Obj): string | undefined {
  const body = resolve(spec, resolve(spec, operation.responses?.["200"])?.content?.["application/json"]?.schema);
  return body?.properties?.[ERROR_FIELD] ? ERROR_FIELD : undefined;
}

/** Fills in the metadata the overlay did not already set; returns one line per detection. */
export function annotate(spec: Obj): string[] {
  const notes: string[] = [];
  for (const { path, method, operation } of operations(spec)) {
    const id = `${method.toUpperCase()} ${path}`;
    // What the overlay set wins field by field over what the shape says.
    const detected = method === "get" ? detectPagination(spec, operation) : undefined;
    if (detected || operation["x-alli-pagination"]) {
      const pagination: Pagination = { ...detected, ...operation["x-alli-pagination"] };
      operation["x-alli-pagination"] = pagination;
      notes.push(`${id}: paginated (${pagination.style})`);
    }
    const detectedStreaming = detectStreaming(spec, operation);
    if (detectedStreaming || operation["x-alli-streaming"]) {
      const streaming: Streaming = { ...detectedStreaming, ...operation["x-alli-streaming"] };
      operation["x-alli-streaming"] = streaming;
      notes.push(
        `${id}: streams ${streaming.trigger === "always" ? "always" : `when ${streaming.trigger.field}=${streaming.trigger.value}`}`,
      );
    }
    operation["x-alli-error-field"] ??= detectErrorField(spec, operation);
    if (operation["x-alli-error-field"]) notes.push(`${id}: a 200 with ${operation["x-alli-error-field"]} set fails`);
  }
  return notes;
}
