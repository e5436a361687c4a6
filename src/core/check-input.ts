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

/** The rule `value` breaks, or undefined when it keeps them all. */
function brokenRule(value: unknown, spec: FieldSpec): string | undefined {
  const { minimum: min, maximum: max } = spec;
  const range =
    min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` ≥ ${min}` : max !== undefined ? ` ≤ ${max}` : "";
  const shown = () => (typeof value === "bigint" ? `${value}n` : (JSON.stringify(value) ?? typeof value));
  const kind = Array.isArray(value) ? "an array" : typeof value;
  switch (spec.type) {
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) return `must be an integer${range}, got ${shown()}`;
      break;
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) return `must be a number${range}, got ${shown()}`;
      break;
    case "boolean":
      if (typeof value !== "boolean") return `must be true or false, got ${shown()}`;
      break;
    case "string":
      if (typeof value !== "string") return `must be a string, got ${kind}`;
      break;
    case "array":
      if (!Array.isArray(value)) return `must be an array, got ${kind}`;
      break;
    case "object":
      if (typeof value !== "object" || value === null || Array.isArray(value)) return `must be an object, got ${kind}`;
      break;
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
    if (!Object.hasOwn(specs, name)) {
      const expected = Object.keys(specs).join(", ");
      throw new InvalidInputError(`query.${name}`, `is not a query parameter of ${operation.operationId} (expected one of ${expected})`);
    }
  }
  for (const name in specs) {
    const spec = specs[name]!;
    const value = values[name];
    const field = `query.${name}`;
    if (value === undefined) {
      if (spec.required) throw new InvalidInputError(field, "is required");
    } else if (value === null) {
      if (!spec.nullable) throw new InvalidInputError(field, "must not be null");
    } else if (spec.type === "array") {
      if (!Array.isArray(value)) throw new InvalidInputError(field, "must be an array");
      value.forEach((item, index) => {
        const rule = brokenRule(item, spec.items ?? {});
        if (rule) throw new InvalidInputError(`${field}[${index}]`, rule);
      });
    } else {
      const rule = brokenRule(value, spec);
      if (rule) throw new InvalidInputError(field, rule);
    }
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
    if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new InvalidInputError(field, `must be a finite number or a non-empty string, got ${value}`);
    } else if (typeof value !== "string") {
      const got = value === null ? "null" : typeof value;
      throw new InvalidInputError(field, `is required: a non-empty string or a number, got ${got}`);
    } else if (value === "") throw new InvalidInputError(field, "must not be empty");
    else if (value === "." || value === "..") {
      throw new InvalidInputError(field, `must not be ${JSON.stringify(value)}: it would reach another endpoint`);
    }
    const spec = operation?.pathParams?.[name];
    // A number stands for its digits in a string parameter.
    const rule = spec && !(typeof value === "number" && spec.type === "string") ? brokenRule(value, spec) : undefined;
    if (rule) throw new InvalidInputError(field, rule);
  }
}

/** The top level of a JSON body: required fields present, each of the spec's type, enum and bounds. */
export function checkJsonBody(operation: OperationMeta, body: unknown): void {
  const spec = operation.requestBody;
  if (body === undefined || !spec?.mediaTypes.includes("application/json")) return;
  if (!spec.fields && !spec.requiredFields) return;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new InvalidInputError("body", `must be an object, got ${Array.isArray(body) ? "an array" : body === null ? "null" : typeof body}`);
  }
  const values = body as Values;
  for (const name of spec.requiredFields ?? []) if (values[name] === undefined) throw new InvalidInputError(`body.${name}`, "is required");
  for (const name in spec.fields) {
    const field = spec.fields[name]!;
    const value = values[name];
    if (value === undefined || (value === null && field.nullable)) continue;
    if (value === null) throw new InvalidInputError(`body.${name}`, "must not be null");
    const rule = brokenRule(value, field);
    if (rule) throw new InvalidInputError(`body.${name}`, rule);
  }
}
