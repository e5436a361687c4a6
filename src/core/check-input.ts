/**
 * Checks a call's input against what the spec declares for its operation, before anything is
 * sent: path parameters, query parameters (an unknown one is refused) and the top level of a JSON
 * body. The error names the field and the rule. Nothing here knows a parameter by name: a spec
 * update changes the rules with no edit.
 */
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

/** The rule `value` breaks, or undefined when it keeps them all. */
function brokenRule(value: unknown, spec: FieldSpec): string | undefined {
  const { minimum: min, maximum: max } = spec;
  const range =
    min !== undefined && max !== undefined
      ? ` from ${min} to ${max}`
      : min !== undefined
        ? ` ≥ ${min}`
        : max !== undefined
          ? ` ≤ ${max}`
          : "";
  const type = typeof spec.type === "string" ? TYPES[spec.type] : undefined;
  const numeric = spec.type === "integer" || spec.type === "number" ? range : "";
  if (type && !type[0](value)) {
    const shown = typeof value === "bigint" ? `${value}n` : (JSON.stringify(value) ?? typeof value);
    return `must be ${type[1]}${numeric}, got ${type[2] ? shown : Array.isArray(value) ? "an array" : typeof value}`;
  }
  if (typeof value === "number" && ((min !== undefined && value < min) || (max !== undefined && value > max))) {
    return `must be ${spec.type === "integer" ? "an integer" : "a number"}${range}, got ${value}`;
  }
  if (typeof value === "string" && spec.pattern !== undefined && !matches(spec.pattern, value)) {
    return `must match ${spec.pattern}, got ${JSON.stringify(value)}`;
  }
  if (spec.enum && !spec.enum.includes(value)) {
    return `must be one of ${spec.enum.map((v) => JSON.stringify(v)).join(", ")}, got ${JSON.stringify(value)}`;
  }
  if (typeof value === "string" && spec.format === "date-time" && !parseDateTime(value, true)) {
    return `must be an RFC 3339 date-time such as 2026-01-05T09:30:00Z, got ${JSON.stringify(value)}`;
  }
  return undefined;
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
  if (query !== undefined && query !== null && (typeof query !== "object" || Array.isArray(query))) {
    throw new InvalidInputError("query", "must be an object of query parameters");
  }
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

/**
 * Path parameters: each the path names must be a non-empty string or a finite number, never `.`
 * or `..` (which would reach another endpoint once the URL is normalised), and keep the spec's
 * constraints. `names` are the parameters of a path the spec does not know.
 */
export function checkPathParams(operation: OperationMeta | undefined, names: readonly string[], params: unknown): void {
  const values = (params && typeof params === "object" ? params : {}) as Values;
  for (const name of names) {
    const field = `path.${name}`;
    const value = values[name];
    const rule =
      typeof value === "number"
        ? Number.isFinite(value) || `must be a finite number or a non-empty string, got ${value}`
        : typeof value !== "string"
          ? `is required: a non-empty string or a number, got ${value === null ? "null" : typeof value}`
          : value === ""
            ? "must not be empty"
            : (value === "." || value === "..") &&
              `must not be ${JSON.stringify(value)}: it would reach another endpoint`;
    if (typeof rule === "string") throw new InvalidInputError(field, rule);
    const spec = operation?.pathParams?.[name];
    // A number stands for its digits in a string parameter.
    const broken = spec && !(typeof value === "number" && spec.type === "string") ? brokenRule(value, spec) : undefined;
    if (broken) throw new InvalidInputError(field, broken);
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
  const values = body as Values;
  for (const name of spec.requiredFields ?? []) {
    if (values[name] === undefined) throw new InvalidInputError(`body.${name}`, "is required");
  }
  for (const [name, field] of Object.entries(spec.fields ?? {})) {
    const value = values[name];
    if (value === undefined || (value === null && field.nullable)) continue;
    const rule = value === null ? "must not be null" : brokenRule(value, field);
    if (rule) throw new InvalidInputError(`body.${name}`, rule);
  }
}
