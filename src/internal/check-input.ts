/**
 * Checks a call's input against the constraints the spec declares for its operation
 * (generated/operations.ts), before anything is sent: path parameters, query parameters (an
 * unknown one is refused) and the top level of a JSON body. The error names the field and the
 * rule. Nothing here knows a parameter by name; a spec update changes the rules with no edit.
 */
import { InvalidInputError } from "../errors.js";
import { parseDateTime } from "./audit-logs/date-time.js";

/** One parameter's or body field's constraints, as scripts/generate.ts writes them. */
export interface QueryParamSpec {
  readonly required?: boolean;
  readonly type?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly items?: { readonly type?: string; readonly format?: string; readonly enum?: readonly unknown[] };
  readonly nullable?: boolean;
}

/** An operation as generated/operations.ts describes it: enough to check its input. */
export interface OperationQuerySpec {
  readonly operationId: string;
  readonly path?: string;
  readonly query?: Readonly<Record<string, QueryParamSpec>>;
  readonly pathParams?: Readonly<Record<string, QueryParamSpec>>;
  readonly requestBody?: {
    readonly mediaTypes: readonly string[];
    readonly fields?: Readonly<Record<string, QueryParamSpec>>;
    readonly requiredFields?: readonly string[];
  };
}

const list = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(", ");

/** The rule a value breaks, or undefined when it keeps them all. */
function brokenRule(value: unknown, spec: Omit<QueryParamSpec, "items" | "required" | "nullable">): string | undefined {
  const { minimum: min, maximum: max } = spec;
  const range = min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` ≥ ${min}` : max !== undefined ? ` ≤ ${max}` : "";
  const shown = () => (typeof value === "bigint" ? `${value}n` : (JSON.stringify(value) ?? typeof value));
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
      if (typeof value !== "string") return `must be a string, got ${typeof value}`;
      break;
    case "array":
      if (!Array.isArray(value)) return `must be an array, got ${typeof value}`;
      break;
    case "object":
      if (typeof value !== "object" || value === null || Array.isArray(value)) return `must be an object, got ${Array.isArray(value) ? "an array" : typeof value}`;
      break;
  }
  if (typeof value === "number" && ((min !== undefined && value < min) || (max !== undefined && value > max))) {
    return `must be ${spec.type === "integer" ? "an integer" : "a number"}${range}, got ${value}`;
  }
  if (typeof value === "string" && spec.pattern !== undefined && !safeTest(spec.pattern, value)) return `must match ${spec.pattern}, got ${JSON.stringify(value)}`;
  if (spec.enum && !spec.enum.includes(value)) return `must be one of ${list(spec.enum)}, got ${JSON.stringify(value)}`;
  if (typeof value === "string" && spec.format === "date-time" && !parseDateTime(value, { strict: true })) {
    return `must be an RFC 3339 date-time such as 2026-01-05T09:30:00Z, got ${JSON.stringify(value)}`;
  }
  return undefined;
}

/** A pattern the JavaScript engine cannot compile is not held against the caller. */
function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, "u").test(value);
  } catch {
    return true;
  }
}

/** Throws InvalidInputError(`query.<name>`, rule) for the first parameter that breaks the spec. */
export function checkQuery(operation: OperationQuerySpec, query: unknown): void {
  const specs = operation.query ?? {};
  if (query === undefined || query === null) query = {};
  if (typeof query !== "object" || Array.isArray(query)) throw new InvalidInputError("query", "must be an object of query parameters");
  const values = query as Record<string, unknown>;
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(specs, name)) {
      throw new InvalidInputError(`query.${name}`, `is not a query parameter of ${operation.operationId} (expected one of ${Object.keys(specs).join(", ")})`);
    }
  }
  for (const [name, spec] of Object.entries(specs)) {
    const field = `query.${name}`;
    const value = values[name];
    if (value === undefined) {
      if (spec.required) throw new InvalidInputError(field, "is required");
      continue;
    }
    if (value === null) {
      if (!spec.nullable) throw new InvalidInputError(field, "must not be null");
      continue;
    }
    if (spec.type === "array") {
      if (!Array.isArray(value)) throw new InvalidInputError(field, "must be an array");
      value.forEach((item, index) => {
        const rule = brokenRule(item, spec.items ?? {});
        if (rule) throw new InvalidInputError(`${field}[${index}]`, rule);
      });
      continue;
    }
    const rule = brokenRule(value, spec);
    if (rule) throw new InvalidInputError(field, rule);
  }
}

/**
 * Path parameters: each the path names must be a non-empty string or a finite number, and never
 * `.` or `..` (which would reach another endpoint once the URL is normalised), then keep the
 * spec's constraints. Throws InvalidInputError(`path.<name>`, rule).
 */
export function checkPathParams(path: string, operation: OperationQuerySpec | undefined, params: unknown): void {
  // The spec's operations name their path parameters in the metadata; another path is read once per call.
  const names = operation?.pathParams ? Object.keys(operation.pathParams) : [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
  if (names.length === 0) return;
  const values = (params && typeof params === "object" ? params : {}) as Record<string, unknown>;
  for (const name of names) {
    const field = `path.${name}`;
    const value = values[name];
    if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new InvalidInputError(field, `must be a finite number or a non-empty string, got ${value}`);
    } else if (typeof value !== "string") {
      throw new InvalidInputError(field, `is required: a non-empty string or a number, got ${value === null ? "null" : typeof value}`);
    } else if (value === "") throw new InvalidInputError(field, "must not be empty");
    else if (value === "." || value === "..") throw new InvalidInputError(field, `must not be ${JSON.stringify(value)}: it would reach another endpoint`);
    const spec = operation?.pathParams?.[name];
    // A number stands for its digits in a string parameter.
    const rule = spec && !(typeof value === "number" && spec.type === "string") ? brokenRule(value, spec) : undefined;
    if (rule) throw new InvalidInputError(field, rule);
  }
}

/** The top level of a JSON body: required fields present, each field of the spec's type, enum and bounds. Other fields are the server's to judge. */
export function checkJsonBody(operation: OperationQuerySpec, body: unknown): void {
  const spec = operation.requestBody;
  if (!spec?.mediaTypes.includes("application/json") || (!spec.fields && !spec.requiredFields)) return;
  if (body === undefined) return; // whether a body is required at all is the type checker's, and the server's, call
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new InvalidInputError("body", `must be an object, got ${Array.isArray(body) ? "an array" : body === null ? "null" : typeof body}`);
  const values = body as Record<string, unknown>;
  for (const name of spec.requiredFields ?? []) if (values[name] === undefined) throw new InvalidInputError(`body.${name}`, "is required");
  for (const [name, field] of Object.entries(spec.fields ?? {})) {
    const value = values[name];
    if (value === undefined || (value === null && field.nullable)) continue;
    if (value === null) throw new InvalidInputError(`body.${name}`, "must not be null");
    const rule = brokenRule(value, field);
    if (rule) throw new InvalidInputError(`body.${name}`, rule);
  }
}
