/** An operation's tool schemas, straight from the bundled spec, `$ref`s inlined so that every MCP client reads them. */
import { asObject, dig, resolveRef, type Json, type JsonObject } from "../node/answer-check.js";

const BODY_MEDIA = ["application/json", "multipart/form-data"];
const MAPS = new Set(["properties", "patternProperties", "$defs", "definitions"]); // field name -> subschema
const LISTS = new Set(["anyOf", "allOf", "oneOf", "prefixItems"]);
const ONE = new Set(["items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"]);
type Visit = (schema: JsonObject) => JsonObject;
/** `visit` applied to `schema` and to each of its subschemas, bottom-up; values (enum, default, example) untouched. */
function eachSchema(node: Json | undefined, visit: Visit): Json {
  const schema = asObject(node);
  if (!schema || Array.isArray(node)) return node ?? {};
  const sub = (value: Json) => eachSchema(value, visit);
  const map = (key: string, value: Json): Json => {
    const fields = MAPS.has(key) ? asObject(value) : undefined;
    if (fields) return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, sub(v)]));
    if ((LISTS.has(key) || key === "items") && Array.isArray(value)) return value.map(sub);
    return ONE.has(key) ? sub(value) : value;
  };
  return visit(Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, map(key, value)])));
}
/** A copy of `schema`, every local `$ref` replaced by its target, without OpenAPI's own `example` and `x-` keywords; a
 * schema that contains itself becomes `{}` (any value) below its first appearance, as a schema without `$ref` must. */
export function inline(spec: JsonObject, schema: Json | undefined, seen: readonly string[] = []): Json {
  return eachSchema(schema, (object) => {
    const ref = typeof object.$ref === "string" ? object.$ref : undefined;
    if (ref) return seen.includes(ref) ? {} : (asObject(inline(spec, resolveRef(spec, object), [...seen, ref])) ?? {});
    return Object.fromEntries(Object.entries(object).filter(([key]) => !key.startsWith("x-") && key !== "example"));
  });
}
/** A file field (`format: binary`, or an array of them): tool input is JSON, and a path would upload a local file. */
const isFile = (schema: Json | undefined): boolean =>
  dig(schema, "format") === "binary" || dig(schema, "items", "format") === "binary";
/** The operation's own object in the spec. */
export const specOperation = (spec: JsonObject, method: string, path: string) =>
  asObject(dig(spec, "paths", path, method.toLowerCase())) ?? {};

/** The tool's input: path parameters, query parameters and body fields by name (headers come from the flags). */
export function inputSchemaOf(spec: JsonObject, method: string, path: string): JsonObject {
  const operation = specOperation(spec, method, path);
  const properties: JsonObject = {};
  const required: string[] = [];
  const add = (name: string, schema: Json, isRequired: boolean) => {
    if (Object.hasOwn(properties, name))
      throw new Error(`${method.toUpperCase()} ${path}: "${name}" is both a parameter and a body field`);
    properties[name] = schema;
    if (isRequired) required.push(name);
  };
  const parameters = [dig(spec, "paths", path, "parameters"), operation.parameters].flatMap((list) =>
    Array.isArray(list) ? list.map((p) => resolveRef(spec, p) ?? {}) : [],
  );
  for (const p of parameters.filter((p) => p.in === "path" || p.in === "query")) {
    const schema = asObject(inline(spec, p.schema)) ?? {};
    const described = p.description && !schema.description ? { ...schema, description: p.description } : schema;
    add(`${p.name as string}`, described, p.in === "path" || p.required === true);
  }
  const content = asObject(dig(resolveRef(spec, operation.requestBody), "content")) ?? {};
  const media = BODY_MEDIA.find((type) => type in content);
  const body = asObject(media && inline(spec, dig(content, media, "schema"))) ?? {};
  const bodyRequired = Array.isArray(body.required) ? body.required : [];
  for (const [name, field] of Object.entries(asObject(body.properties) ?? {})) {
    if (isFile(field)) continue;
    // A field the SDK sends as a JSON string takes the value itself (`x-alli-json-string`: the value's schema).
    const raw = dig(resolveRef(spec, dig(content, media!, "schema")), "properties", name, "x-alli-json-string");
    const value = asObject(raw && inline(spec, raw));
    const text = dig(field, "description");
    const described = value && { ...value, ...(typeof text === "string" ? { description: text } : {}) };
    add(name, described ?? field, bodyRequired.includes(name));
  }
  return { type: "object", properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

/** Without `required` and `additionalProperties: false` anywhere: documented fields are described, never demanded. */
const relaxed = (schema: Json) =>
  eachSchema(schema, (object) => {
    const rest = { ...object }; // the keyword `required` here: a field of that name is in `properties`
    delete rest.required;
    if (rest.additionalProperties === false) delete rest.additionalProperties;
    return rest;
  });
/** The success answer's JSON schema, relaxed, when it is an object (the only kind MCP's outputSchema may be). */
export function outputSchemaOf(spec: JsonObject, method: string, path: string): JsonObject | undefined {
  const responses = asObject(specOperation(spec, method, path).responses) ?? {};
  const ok = Object.keys(responses).find((status) => /^2\d\d$/.test(status));
  const schema =
    ok && asObject(inline(spec, dig(resolveRef(spec, responses[ok]), "content", "application/json", "schema")));
  return schema && schema.type === "object" ? (relaxed(schema) as JsonObject) : undefined;
}
