/**
 * Corrections that apply to a whole class of upstream defect. They run on every operation the
 * merge sees, so a new documentation page comes out clean with no hand edit. One-off corrections
 * live in openapi/overlay.yaml instead.
 */
import { HTTP_METHODS } from "./combine.js";
import { walkObjects } from "./walk.js";

type Obj = Record<string, any>;

export interface Rule {
  id: string;
  reason: string;
  /** Applies the rule in place; returns one line per change, for the merge's report. */
  apply(spec: Obj): string[];
}

export function operations(spec: Obj): Array<{ path: string; method: string; operation: Obj }> {
  const out: Array<{ path: string; method: string; operation: Obj }> = [];
  for (const [path, item] of Object.entries<Obj>(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) if (item[method]) out.push({ path, method, operation: item[method] });
  }
  return out;
}

const undefinedSecuritySchemes: Rule = {
  id: "undefined-security-scheme",
  reason:
    "Every fragment's `security` lists ProjectIdHeader as a third alternative, but no fragment defines that scheme (its header name is documented nowhere). A requirement naming an undefined scheme is invalid OpenAPI; the API-KEY and bearer alternatives stay.",
  apply(spec) {
    const defined = new Set(Object.keys(spec.components?.securitySchemes ?? {}));
    const changes: string[] = [];
    const clean = (requirements: Obj[] | undefined, where: string) =>
      requirements?.filter((requirement) => {
        const missing = Object.keys(requirement).filter((name) => !defined.has(name));
        if (missing.length) changes.push(`${where}: dropped security requirement ${missing.join(", ")}`);
        return missing.length === 0;
      });
    spec.security = clean(spec.security, "security");
    for (const { path, method, operation } of operations(spec)) {
      if (operation.security) operation.security = clean(operation.security, `${method.toUpperCase()} ${path}`);
    }
    return changes;
  },
};

const nullable30: Rule = {
  id: "nullable-3.0",
  reason:
    "`nullable` is OpenAPI 3.0; in a 3.1 document it is ignored, so validators (Prism) reject the null the server sends and generated types lack `| null`. Rewritten as 3.1 type arrays; an enum as `anyOf: [{…enum}, {type: null}]`, the form the pages themselves use, since `null` inside an enum makes some generators (openapi-zod-client) emit code that does not compile.",
  apply(spec) {
    const changes: string[] = [];
    walkObjects(spec, (node, pointer) => {
      if (typeof node.nullable !== "boolean") return;
      const nullable = node.nullable;
      delete node.nullable;
      changes.push(`${pointer}: nullable → type with "null"`);
      if (!nullable) return;
      if (Array.isArray(node.enum)) {
        const inner = { ...node };
        for (const key of Object.keys(node)) delete node[key];
        if (inner.description !== undefined) node.description = inner.description;
        delete inner.description;
        node.anyOf = [inner, { type: "null" }];
        return;
      }
      if (typeof node.type === "string") node.type = [node.type, "null"];
      else if (Array.isArray(node.type) && !node.type.includes("null")) node.type.push("null");
      if (node.type === undefined) {
        const inner = { ...node };
        for (const key of Object.keys(node)) delete node[key];
        node.anyOf = [inner, { type: "null" }];
      }
    });
    return changes;
  },
};

const requiredInsideProperty: Rule = {
  id: "required-inside-property",
  reason:
    "`required: true` written inside a property schema is not JSON Schema (required is a list on the parent object), so the constraint was silently lost. Moved to the parent's `required` list.",
  apply(spec) {
    const changes: string[] = [];
    walkObjects(spec, (node, pointer) => {
      if (!node.properties || typeof node.properties !== "object") return;
      for (const [name, property] of Object.entries<Obj>(node.properties)) {
        if (typeof property?.required !== "boolean") continue;
        if (property.required) node.required = [...new Set([...(node.required ?? []), name])];
        delete property.required;
        changes.push(`${pointer}/properties/${name}: required moved to the parent object`);
      }
    });
    return changes;
  },
};

/** The error responses the API documents on its other operations (the Others page). */
const ERROR_RESPONSES: Record<string, { name: string; description: string }> = {
  "400": { name: "BadRequest", description: "Invalid request parameters." },
  "401": { name: "Unauthorized", description: "Authentication failed. The API-KEY header is missing or invalid." },
  "403": { name: "Forbidden", description: "Access denied. The project is inactive or the request IP is not allowed." },
  "500": { name: "InternalServerError", description: "Internal server error." },
};

/**
 * The error body the pages document: `{errors}`, a string on the generative answer's 400/401/429, a list of strings
 * on the skill's 400/401. One schema accepts both, and every error answer says it (ErrorBody below).
 */
const ERROR_BODY_SCHEMA = {
  type: "object",
  properties: {
    errors: {
      anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }],
      description: "The error message, or a list of error messages.",
    },
  },
};
const ERROR_BODY = { $ref: "#/components/schemas/ErrorBody" };
const errorBodyComponent = (spec: Obj) => ((spec.components.schemas ??= {}).ErrorBody ??= ERROR_BODY_SCHEMA);

const missingErrorResponses: Rule = {
  id: "missing-error-responses",
  reason:
    "The Conversations and Apps fragments document only their 200, though the same server answers them with the 400/401/403/500 documented on the Others page. Operations that document no error response get those, as shared components, with the `{errors}` body the Apps page documents for its error answers.",
  apply(spec) {
    const changes: string[] = [];
    for (const { path, method, operation } of operations(spec)) {
      const codes = Object.keys(operation.responses ?? {});
      if (codes.some((code) => /^[45]/.test(code) || code === "default")) continue;
      errorBodyComponent(spec);
      for (const [code, { name, description }] of Object.entries(ERROR_RESPONSES)) {
        spec.components.responses ??= {};
        spec.components.responses[name] ??= { description, content: { "application/json": { schema: ERROR_BODY } } };
        operation.responses[code] = { $ref: `#/components/responses/${name}` };
      }
      changes.push(`${method.toUpperCase()} ${path}: added error responses ${Object.keys(ERROR_RESPONSES).join(", ")}`);
    }
    return changes;
  },
};

const oneErrorBody: Rule = {
  id: "one-error-body",
  reason:
    "The pages document the error body three ways: `{errors: string}` (generative answer), `{errors: [string]}` (skill) and no body at all (the Others and Run LLM App error answers), though one server answers them all. Every 4xx/5xx answer documented without a body, or with only an `errors` field, gets the one ErrorBody schema, which accepts a string or a list of strings.",
  apply(spec) {
    const changes: string[] = [];
    for (const { path, method, operation } of operations(spec)) {
      for (const [code, response] of Object.entries<Obj>(operation.responses ?? {})) {
        if (!/^[45]/.test(code) || response.$ref) continue;
        const media = response.content?.["application/json"];
        const fields = Object.keys(media?.schema?.properties ?? {});
        const onlyErrors = fields.length === 1 && fields[0] === "errors" && !media.schema.$ref;
        if (response.content && !onlyErrors) continue;
        errorBodyComponent(spec);
        response.content = { "application/json": { schema: ERROR_BODY } };
        changes.push(`${method.toUpperCase()} ${path} ${code}: ${onlyErrors ? "errors body" : "no body"} → ErrorBody`);
      }
    }
    return changes;
  },
};

const tagCase: Rule = {
  id: "tag-case",
  reason:
    'The Apps page tags its operations "apps" where the other pages use title case ("Others", "Conversations"): one spelling per tag.',
  apply(spec) {
    const changes: string[] = [];
    const canonical = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
    const tags = new Map<string, Obj>();
    for (const tag of spec.tags ?? []) {
      const name = canonical(tag.name);
      if (name !== tag.name) changes.push(`tag ${tag.name} → ${name}`);
      if (!tags.has(name)) tags.set(name, { ...tag, name });
    }
    spec.tags = [...tags.values()];
    for (const { operation } of operations(spec)) if (operation.tags) operation.tags = operation.tags.map(canonical);
    return changes;
  },
};

const arrayWithoutItems: Rule = {
  id: "array-without-items",
  reason:
    "An array schema without `items` is an error in Spectral's oas ruleset (array-items) and leaves generators guessing; where the page does not say what the array holds (generative answer's `clues` and `hashtags`), its items are any JSON value, said explicitly as `items: {}`.",
  apply(spec) {
    const changes: string[] = [];
    walkObjects(spec, (node, pointer) => {
      const isArray = node.type === "array" || (Array.isArray(node.type) && node.type.includes("array"));
      if (!isArray || node.items !== undefined || node.prefixItems !== undefined) return;
      node.items = {};
      changes.push(`${pointer}: array without items → items: {}`);
    });
    return changes;
  },
};

/** Run before the overlay, in this order. */
export const RULES: Rule[] = [
  undefinedSecuritySchemes,
  nullable30,
  requiredInsideProperty,
  missingErrorResponses,
  oneErrorBody,
  arrayWithoutItems,
  tagCase,
];
