/**
 * Node only: checks a real server's answer against the spec, as Prism's validating proxy would,
 * in process (JSON Schema 2020-12, the dialect of OpenAPI 3.1, with formats): the status is a
 * documented one, the media type is documented, and a JSON body matches its schema. The
 * result names the first JSON pointer that drifts and why.
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import formatsModule from "ajv-formats";
import { bundledSpecPath } from "./package-root.js";

type Obj = Record<string, any>;

/** Follows local `$ref`s (`#/components/…`) through the spec, as JSON pointers. */
export function resolveRef(spec: Obj, node: Obj | undefined): Obj | undefined {
  let current = node;
  for (let hops = 0; current?.$ref && hops < 20; hops++) {
    const parts = String(current.$ref).slice(2).split("/");
    current = parts.reduce<any>((at, part) => at?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
  }
  return current;
}

export interface Answer {
  status: number;
  contentType: string | null;
  body: string;
}

/** A drift: where (a JSON pointer into the answer, or `status` / `content-type`) and why. */
export interface Drift {
  pointer: string;
  reason: string;
}

const escape = (part: string) => part.replace(/~/g, "~0").replace(/\//g, "~1");

// ajv-formats is CommonJS: under ESM its plugin is the default export's own `default`.
const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (ajv: Ajv2020) => void;

export class AnswerChecker {
  readonly spec: Obj;
  readonly #ajv: Ajv2020;

  constructor(specFile: string = bundledSpecPath()) {
    this.spec = JSON.parse(readFileSync(specFile, "utf8"));
    this.#ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
    addFormats(this.#ajv);
    this.#ajv.addSchema({ ...this.spec, $id: "spec" });
  }

  /** The drifts of one answer of `method path`; empty when it matches the spec. */
  check(method: string, path: string, answer: Answer): Drift[] {
    const responses: Obj = this.spec.paths?.[path]?.[method]?.responses ?? {};
    const code = String(answer.status);
    const key = code in responses ? code : `${code[0]}XX` in responses ? `${code[0]}XX` : "default" in responses ? "default" : undefined;
    if (!key) return [{ pointer: "status", reason: `${answer.status} is not a documented answer (documented: ${Object.keys(responses).join(", ")})` }];
    const response = resolveRef(this.spec, responses[key]);
    const content: Obj = response?.content ?? {};
    const media = Object.keys(content);
    if (media.length === 0) return [];
    const type = (answer.contentType ?? "").split(";")[0]!.trim().toLowerCase();
    const matched = media.find((m) => m.toLowerCase() === type) ?? media.find((m) => m.endsWith("/*") && type.startsWith(m.slice(0, -1)));
    if (!matched) return [{ pointer: "content-type", reason: `${type || "none"} is not a documented media type (documented: ${media.join(", ")})` }];
    if (!matched.endsWith("json")) return [];
    let value: unknown;
    try {
      value = JSON.parse(answer.body);
    } catch {
      return [{ pointer: "/", reason: "the body is not valid JSON" }];
    }
    // A shared response (`$ref` to components) is validated where it is defined.
    const at = typeof responses[key]?.$ref === "string" ? String(responses[key].$ref).slice(1) : `/paths/${escape(path)}/${method}/responses/${key}`;
    const ref = `spec#${at}/content/${escape(matched)}/schema`;
    const validate = this.#ajv.getSchema(ref) ?? this.#ajv.compile({ $ref: ref });
    if (validate(value)) return [];
    return (validate.errors ?? []).map((error) => ({ pointer: error.instancePath || "/", reason: error.message ?? "does not match the schema" }));
  }
}
