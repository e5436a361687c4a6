/** Checks a call's input against the spec before anything is sent, by its rules: no parameter is known by name. */
import { InvalidInputError } from "../errors/errors.js";
import { parseDateTime } from "./date-time.js";
import type { FieldSpec, OperationMeta } from "./operations.js";

type Values = Record<string, unknown>;
/** Each JSON type: its test, how a rule names it, and whether the rule shows the value (else its kind). */
const TYPES: Record<string, [(value: unknown) => boolean, string, boolean]> = {
  integer: [Number.isInteger, "an integer", true],
  number: [Number.isFinite, "a number", true],
  boolean: [(v) => typeof v === "boolean", "true or false", true],
  string: [(v) => typeof v === "string", "a string", false],
  array: [Array.isArray, "an array", false],
  object: [(v) => typeof v === "object" && v !== null && !Array.isArray(v), "an object", false],
};
function rangeOf({ minimum: min, maximum: max }: FieldSpec): string {
  if (min === undefined) return max === undefined ? "" : ` ≤ ${max}`;
  return max === undefined ? ` ≥ ${min}` : ` from ${min} to ${max}`;
}
function brokenRule(value: unknown, spec: FieldSpec): string | undefined {
  const { minimum: min, maximum: max, pattern } = spec;
  const type = typeof spec.type === "string" ? TYPES[spec.type] : undefined;
  if (type && !type[0](value)) {
    const shown = typeof value === "bigint" ? `${value}n` : (JSON.stringify(value) ?? typeof value);
    const numeric = spec.type === "integer" || spec.type === "number" ? rangeOf(spec) : "";
    return `must be ${type[1]}${numeric}, got ${type[2] ? shown : Array.isArray(value) ? "an array" : typeof value}`;
  }
  if (typeof value === "number" && ((min !== undefined && value < min) || (max !== undefined && value > max)))
    return `must be ${spec.type === "integer" ? "an integer" : "a number"}${rangeOf(spec)}, got ${value}`;
  if (typeof value === "string" && pattern !== undefined && !matches(pattern, value))
    return `must match ${pattern}, got ${JSON.stringify(value)}`;
  if (spec.enum && !spec.enum.includes(value))
    return `must be one of ${spec.enum.map((v) => JSON.stringify(v)).join(", ")}, got ${JSON.stringify(value)}`;
  if (typeof value === "string" && spec.format === "date-time" && !parseDateTime(value, true))
    return `must be an RFC 3339 date-time such as 2026-01-05T09:30:00Z, got ${JSON.stringify(value)}`;
}
/** A pattern the JavaScript engine cannot compile is not held against the caller. */
function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, "u").test(value);
  } catch {
    return true;
  }
}
/** Throws InvalidInputError(`query.<name>`, rule) for the first query parameter that breaks the spec. */
export function checkQuery(operation: OperationMeta, query: unknown): void {
  const specs = operation.query ?? {};
  if (query !== undefined && query !== null && (typeof query !== "object" || Array.isArray(query)))
    throw new InvalidInputError("query", "must be an object of query parameters");
  const values = (query ?? {}) as Values;
  for (const name in values) {
    if (Object.hasOwn(specs, name)) continue;
    const expected = `expected one of ${Object.keys(specs).join(", ")}`;
    throw new InvalidInputError(`query.${name}`, `is not a query parameter of ${operation.operationId} (${expected})`);
  }
  for (const [name, spec] of Object.entries(specs)) {
    const value = values[name];
    const field = `query.${name}`;
    if (value === undefined && spec.required) throw new InvalidInputError(field, "is required");
    if (value === null && !spec.nullable) throw new InvalidInputError(field, "must not be null");
    if (value === undefined || value === null) continue;
    if (spec.type === "array" && !Array.isArray(value)) throw new InvalidInputError(field, "must be an array");
    const items = spec.type === "array" ? (value as unknown[]) : [value];
    items.forEach((item, index) => {
      const rule = brokenRule(item, spec.type === "array" ? (spec.items ?? {}) : spec);
      if (rule) throw new InvalidInputError(spec.type === "array" ? `${field}[${index}]` : field, rule);
    });
  }
}
/** Path parameters (the spec's or `path`'s): non-empty strings or finite numbers, never `.`/`..` (other endpoints). */
/** `text`, unless it holds half of a UTF-16 surrogate pair, which UTF-8 cannot encode (it would go as U+FFFD). */
export function utf8Text(field: string, text: string): string {
  if (!/\p{Cs}/u.test(text)) return text;
  throw new InvalidInputError(
    field,
    "must not contain a lone surrogate (half of a UTF-16 pair): UTF-8 cannot encode it",
  );
}
/** Whether `path` has a "." or ".." segment in any spelling: `%2e`, escaped once more, after `\\` or an escaped `/`. */
export function hasDotSegment(path: string): boolean {
  // Escapes decoded byte by byte: a stray "%" must not turn the check off, as decodeURIComponent's throw would.
  const decoded = path.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return [path, decoded].some((text) => text.split(/[\\/]/).some((segment) => /^(\.|%2e){1,2}$/i.test(segment)));
}
export function checkPathParams(operation: OperationMeta | undefined, path: string, params: unknown): void {
  const values = (params && typeof params === "object" ? params : {}) as Values;
  const names = operation
    ? Object.keys(operation.pathParams ?? {})
    : [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
  for (const name of names) {
    const value = values[name];
    const spec = operation?.pathParams?.[name];
    // A number stands for its digits in a string parameter.
    const rule =
      typeof value === "number" && !Number.isFinite(value)
        ? `must be a finite number or a non-empty string, got ${value}`
        : typeof value !== "string" && typeof value !== "number"
          ? `is required: a non-empty string or a number, got ${value === null ? "null" : typeof value}`
          : value === ""
            ? "must not be empty"
            : typeof value === "string" && hasDotSegment(value)
              ? `must not be ${JSON.stringify(value)} (a "." or ".." segment): it would reach another endpoint`
              : spec && !(typeof value === "number" && spec.type === "string") && brokenRule(value, spec);
    if (rule) throw new InvalidInputError(`path.${name}`, rule);
  }
}
/** The top level of a JSON body: required fields present, each of the spec's type, enum and bounds. */
export function checkJsonBody(operation: OperationMeta, body: unknown): void {
  const spec = operation.requestBody;
  if (body === undefined || !spec?.mediaTypes.includes("application/json") || !(spec.fields || spec.requiredFields))
    return;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    const got = Array.isArray(body) ? "an array" : body === null ? "null" : typeof body;
    throw new InvalidInputError("body", `must be an object, got ${got}`);
  }
  for (const name of spec.requiredFields ?? [])
    if ((body as Values)[name] === undefined) throw new InvalidInputError(`body.${name}`, "is required");
  for (const [name, field] of Object.entries(spec.fields ?? {})) {
    const value = (body as Values)[name];
    if (value === undefined || (value === null && field.nullable)) continue;
    const rule = value === null ? "must not be null" : brokenRule(value, field);
    if (rule) throw new InvalidInputError(`body.${name}`, rule);
  }
}
