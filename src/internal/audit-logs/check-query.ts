/**
 * Checks a query against the constraints the spec declares for an operation's query parameters
 * (generated/operations.ts), before anything is sent: the error names the field and the rule.
 * Nothing here knows a parameter by name; a spec update changes the rules with no edit.
 */
import { InvalidInputError } from "../../errors.js";
import { parseDateTime } from "./date-time.js";

/** One query parameter's constraints, as scripts/generate.ts writes them. */
export interface QueryParamSpec {
  readonly required?: boolean;
  readonly type?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly unknown[];
  readonly items?: { readonly type?: string; readonly format?: string; readonly enum?: readonly unknown[] };
  readonly nullable?: boolean;
}

/** An operation as generated/operations.ts describes it: enough to check its query. */
export interface OperationQuerySpec {
  readonly operationId: string;
  readonly query?: Readonly<Record<string, QueryParamSpec>>;
}

const list = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(", ");

/** The rule a value breaks, or undefined when it keeps them all. */
function brokenRule(value: unknown, spec: Omit<QueryParamSpec, "items" | "required" | "nullable">): string | undefined {
  switch (spec.type) {
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) return `must be an integer, got ${JSON.stringify(value)}`;
      break;
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) return `must be a number, got ${JSON.stringify(value)}`;
      break;
    case "boolean":
      if (typeof value !== "boolean") return `must be true or false, got ${JSON.stringify(value)}`;
      break;
    case "string":
      if (typeof value !== "string") return `must be a string, got ${typeof value}`;
      break;
  }
  if (typeof value === "number") {
    const { minimum: min, maximum: max } = spec;
    if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
      const range = min !== undefined && max !== undefined ? `between ${min} and ${max}` : min !== undefined ? `≥ ${min}` : `≤ ${max}`;
      return `must be ${range}, got ${value}`;
    }
  }
  if (spec.enum && !spec.enum.includes(value)) return `must be one of ${list(spec.enum)}, got ${JSON.stringify(value)}`;
  if (typeof value === "string" && spec.format === "date-time" && !parseDateTime(value, { strict: true })) {
    return `must be an RFC 3339 date-time such as 2026-01-05T09:30:00Z, got ${JSON.stringify(value)}`;
  }
  return undefined;
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
