/**
 * Node only: checks a real server's answer against the spec in process, as Prism's validating proxy would
 * (JSON Schema 2020-12 with formats): a documented status and media type, a body that matches its schema.
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import formatsModule from "ajv-formats";
import { bundledSpecPath } from "./package-root.js";

type Obj = Record<string, any>;
export type Answer = { status: number; contentType: string | null; body: string };
/** Where the answer drifts (a JSON pointer into it, or `status` / `content-type`), and why. */
export type Drift = { pointer: string; reason: string };

/** Follows local `$ref`s (`#/components/…`) through the spec. */
export function resolveRef(spec: Obj, node: Obj | undefined): Obj | undefined {
  let current = node;
  for (let hops = 0; current?.$ref && hops < 20; hops++) {
    const parts = String(current.$ref).slice(2).split("/");
    current = parts.reduce<any>((at, part) => at?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
  }
  return current;
}

const drift = (pointer: string, reason: string): Drift[] => [{ pointer, reason }];
const documented = (list: string[]) => `(documented: ${list.join(", ")})`;
const escape = (part: string) => part.replace(/~/g, "~0").replace(/\//g, "~1");
// ajv-formats is CommonJS: under ESM its plugin is the default export's own `default`.
type Plugin = (ajv: Ajv2020) => void;
const addFormats = ((formatsModule as { default?: Plugin }).default ?? formatsModule) as Plugin;

export class AnswerChecker {
  readonly spec: Obj;
  readonly #ajv = new Ajv2020({ strict: false });

  constructor(specFile: string = bundledSpecPath()) {
    this.spec = JSON.parse(readFileSync(specFile, "utf8"));
    addFormats(this.#ajv);
    this.#ajv.addSchema({ ...this.spec, $id: "spec" });
  }

  /** The drifts of one answer of `method path`; empty when it matches the spec. */
  check(method: string, path: string, answer: Answer): Drift[] {
    const responses: Obj = this.spec.paths?.[path]?.[method]?.responses ?? {};
    const code = String(answer.status);
    const key = [code, `${code[0]}XX`, "default"].find((k) => k in responses);
    if (!key) return drift("status", `${code} is not a documented answer ${documented(Object.keys(responses))}`);
    const media = Object.keys(resolveRef(this.spec, responses[key])?.content ?? {});
    const type = (answer.contentType ?? "").split(";")[0]!.trim().toLowerCase();
    const matched =
      media.find((m) => m.toLowerCase() === type) ??
      media.find((m) => m.endsWith("/*") && type.startsWith(m.slice(0, -1)));
    if (media.length && !matched)
      return drift("content-type", `${type || "none"} is not a documented media type ${documented(media)}`);
    if (!matched?.endsWith("json")) return [];
    let value: unknown;
    try {
      value = JSON.parse(answer.body);
    } catch {
      return drift("/", "the body is not valid JSON");
    }
    // A shared response (a `$ref` to components) is validated where it is defined.
    const shared = responses[key].$ref;
    const at = typeof shared === "string" ? shared.slice(1) : `/paths/${escape(path)}/${method}/responses/${key}`;
    const ref = `spec#${at}/content/${escape(matched)}/schema`;
    const validate = this.#ajv.getSchema(ref) ?? this.#ajv.compile({ $ref: ref });
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => ({
      pointer: e.instancePath || "/",
      reason: e.message ?? "does not match the schema",
    }));
  }
}
