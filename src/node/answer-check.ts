/** Node only: checks an answer against the spec in process, as Prism's validating proxy would (JSON Schema 2020-12). */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import formatsModule from "ajv-formats";
import { bundledSpecPath } from "./prism-server.js";

/** A parsed JSON value: the spec and the answers are walked as these, and narrowed where read. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type Answer = { status: number; contentType: string | null; body: string };
/** Where the answer drifts (a JSON pointer into it, or `status` / `content-type`), and why. */
export type Drift = { pointer: string; reason: string };
/** An object (or an array, indexed by position), else undefined. */
export const asObject = (value: Json | undefined) =>
  typeof value === "object" && value !== null ? (value as JsonObject) : undefined;
export function dig(value: Json | undefined, ...keys: string[]): Json | undefined {
  for (const key of keys) value = asObject(value)?.[key];
  return value;
}
export function parseJson(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}
/** Follows local `$ref`s (`#/components/…`) through the spec. */
export function resolveRef(spec: Json, node: Json | undefined): JsonObject | undefined {
  let current = asObject(node);
  for (let hops = 0; typeof current?.$ref === "string" && current.$ref && hops < 20; hops++) {
    const parts = current.$ref.slice(2).split("/");
    current = asObject(dig(spec, ...parts.map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))));
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
  readonly spec: JsonObject;
  readonly #ajv = new Ajv2020({ strict: false });
  constructor(specFile: string = bundledSpecPath()) {
    this.spec = JSON.parse(readFileSync(specFile, "utf8")) as JsonObject;
    addFormats(this.#ajv);
    this.#ajv.addSchema({ ...this.spec, $id: "spec" });
  }
  /** A documented status and media type, and a body that matches its schema: else why not. */
  check(method: string, path: string, answer: Answer): Drift[] {
    const responses = asObject(dig(this.spec, "paths", path, method, "responses")) ?? {};
    const code = String(answer.status);
    const key = [code, `${code[0]}XX`, "default"].find((k) => k in responses);
    if (!key) return drift("status", `${code} is not a documented answer ${documented(Object.keys(responses))}`);
    const media = Object.keys(asObject(resolveRef(this.spec, responses[key])?.content) ?? {});
    const type = (answer.contentType ?? "").split(";")[0]!.trim().toLowerCase();
    const matched =
      media.find((m) => m.toLowerCase() === type) ??
      media.find((m) => m.endsWith("/*") && type.startsWith(m.slice(0, -1)));
    if (media.length && !matched)
      return drift("content-type", `${type || "none"} is not a documented media type ${documented(media)}`);
    if (!matched?.endsWith("json")) return [];
    const value = parseJson(answer.body);
    if (value === undefined) return drift("/", "the body is not valid JSON");
    // A shared response (a `$ref` to components) is validated where it is defined.
    const shared = asObject(responses[key])?.$ref;
    const at = typeof shared === "string" ? shared.slice(1) : `/paths/${escape(path)}/${method}/responses/${key}`;
    const ref = `spec#${at}/content/${escape(matched)}/schema`;
    const validate = this.#ajv.getSchema(ref) ?? this.#ajv.compile({ $ref: ref });
    if (validate(value)) return [];
    const reason = (message?: string) => message ?? "does not match the schema";
    return (validate.errors ?? []).map((e) => ({ pointer: e.instancePath || "/", reason: reason(e.message) }));
  }
}
