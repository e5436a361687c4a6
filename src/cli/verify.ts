/** `alli verify`: does the live API still answer as the spec this SDK was generated from says? */
import { AlliError, APIError, type AlliClient } from "../index.js";
import { AnswerChecker, asObject, dig, parseJson, resolveRef } from "../node/answer-check.js";
import type { Json, JsonObject } from "../node/answer-check.js";
import { CLIENT_FLAGS, CLIENT_HELP, clientFromFlags, EXIT, parseFlags, UsageError, type Command } from "./command.js";

const OPTIONS = { ...CLIENT_FLAGS, timeout: { type: "string" } } as const;
const DEFAULT_TIMEOUT_MS = 30_000; // per attempt: not the SDK's two minutes on a hanging server
const USAGE = `Usage: alli verify [--base-url URL | --region us|ja] [--timeout MS]

Checks the live API against the spec this SDK was generated from: sends every GET it can fill (ids from
list answers, required parameters and bodies from the spec's examples; never a write) and checks each
answer's status, media type and body schema. One line per operation, then a summary:
  <operationId> GET <path>: ok | drift: <JSON pointer> <reason> | skipped: <why> | failed: <error>

Options:
  --timeout MS                each attempt's limit (default ${DEFAULT_TIMEOUT_MS}); 2 retries as in the SDK
${CLIENT_HELP}
Exit codes: 0 every answer matches the spec, 1 any drifted or failed, 2 usage error.`;

/** A parameter's or media type's example: its own, its first named one, or its schema's example or default. */
function exampleOf(spec: JsonObject, holder: JsonObject | undefined): Json | undefined {
  const named = Object.values(asObject(holder?.examples) ?? {})[0];
  const schema = resolveRef(spec, holder?.schema);
  const fromSchema = schema?.example ?? (Array.isArray(schema?.examples) ? schema.examples[0] : undefined);
  return holder?.example ?? (named && (resolveRef(spec, named)?.value ?? named)) ?? fromSchema ?? schema?.default;
}
/** The spec's GETs, lists first (fewer path parameters; else in spec order), each with its required query and body
 * from the spec's examples, or why it cannot be sent. Path parameters come from the answers of the list above. */
function verifyTargets(spec: JsonObject) {
  const targets = Object.entries(asObject(spec.paths) ?? {}).flatMap(([path, item]) => {
    const get = asObject(dig(item, "get"));
    if (!get) return [];
    const required = [dig(item, "parameters"), get.parameters]
      .flatMap((list) => (Array.isArray(list) ? list.map((p) => resolveRef(spec, p)) : []))
      .filter((p): p is JsonObject => p?.in === "query" && Boolean(p.required));
    const query = Object.fromEntries(required.map((p) => [p.name as string, exampleOf(spec, p)]));
    const missing = Object.keys(query).filter((name) => query[name] === undefined);
    const requestBody = resolveRef(spec, get.requestBody);
    const media = asObject(dig(requestBody, "content", "application/json"));
    const example = exampleOf(spec, media);
    const names = dig(resolveRef(spec, media?.schema), "required");
    const fields = Array.isArray(names) ? names.filter((name) => typeof name === "string") : [];
    return {
      operationId: get.operationId as string,
      path,
      pathParams: [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!),
      itemsField: dig(get, "x-alli-pagination", "itemsField"),
      query: required.length ? query : undefined,
      body: example ?? (requestBody?.required ? {} : undefined),
      skip: missing.length
        ? `needs ${missing.join(", ")} (required; the spec gives no example)`
        : example === undefined &&
          fields.length > 0 &&
          `needs a body with ${fields.join(", ")} (the spec gives no example)`,
    };
  });
  return targets.sort((a, b) => a.pathParams.length - b.pathParams.length);
}
type Target = ReturnType<typeof verifyTargets>[number];
/** Adds the ids a list answer gives the GETs one `{param}` below it (`/apps` → `/apps/{app_id}`): its first
 * item's `id`, or its field named like the parameter (`llmPromptId` for `llm_prompt_id`). */
function addIds(found: Map<string, string>, targets: Target[], list: Target, data: Json | undefined) {
  const record = asObject(data) ?? {};
  const listed = typeof list.itemsField === "string" ? record[list.itemsField] : undefined;
  const items = [data, listed, ...Object.values(record)].find((value): value is Json[] => Array.isArray(value));
  const first = items?.find((item) => typeof item === "object" && item !== null) as JsonObject | undefined;
  if (!first) return;
  for (const child of targets) {
    const [, parent, name] = /^(.*)\/\{([^{}/]+)\}$/.exec(child.path) ?? [];
    if (parent !== list.path || !name || found.has(name)) continue;
    const id = first.id ?? first[name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] ?? first[name];
    if (typeof id === "string" || typeof id === "number") found.set(name, String(id));
  }
}

type Outcome = ["ok"] | ["drift" | "skipped" | "failed", string];
function verifier(alli: AlliClient, checker: AnswerChecker, targets: Target[]) {
  const found = new Map<string, string>();
  return async (target: Target): Promise<Outcome> => {
    const noId = target.pathParams.find((name) => !found.has(name));
    if (noId) return ["skipped", `no ${noId} to use (no list answer gave one)`];
    if (target.skip) return ["skipped", target.skip];
    const path = Object.fromEntries(target.pathParams.map((name) => [name, found.get(name)]));
    const params = { ...(target.pathParams.length ? { path } : {}), ...(target.query ? { query: target.query } : {}) };
    const init = { params, ...(target.body === undefined ? {} : { body: target.body }), parseAs: "text" } as never;
    let answer;
    try {
      const { response, data } = await alli.GET(target.path as "/webapi/v2/projects", init);
      answer = { status: response.status, contentType: response.headers.get("content-type"), body: String(data ?? "") };
    } catch (error) {
      // An error status the spec does not document is drift; a documented one (a 403 for a key
      // without the permission) means this operation could not be checked.
      const status = error instanceof APIError ? { status: error.status, contentType: null, body: "" } : undefined;
      const drift = status && checker.check("get", target.path, status).find((d) => d.pointer === "status");
      if (drift) return ["drift", `${drift.pointer} ${drift.reason}`];
      return ["failed", (error instanceof AlliError ? error.message : String(error)).replace(/\s*\n\s*/g, " ")];
    }
    if (answer.contentType?.includes("json")) addIds(found, targets, target, parseJson(answer.body));
    const [first, ...more] = checker.check("get", target.path, answer);
    if (!first) return ["ok"];
    return ["drift", `${first.pointer} ${first.reason}${more.length ? ` (and ${more.length} more)` : ""}`];
  };
}

export const verify: Command = {
  name: ["verify"],
  summary: "check the live API's answers against the spec (read-only GETs); exit 1 on drift",
  async run(args, ctx) {
    const values = parseFlags(args, OPTIONS, USAGE, ctx);
    if (!values) return EXIT.ok;
    if (values.region !== undefined && values["base-url"] !== undefined)
      throw new UsageError("--base-url and --region: give one, not both");
    const timeout = Number(values.timeout ?? DEFAULT_TIMEOUT_MS);
    const bad = `--timeout: must be a whole number of milliseconds above 0, got ${JSON.stringify(values.timeout)}`;
    if (!(Number.isInteger(timeout) && timeout > 0)) throw new UsageError(bad);
    const alli = clientFromFlags(values, ctx).withOptions({ timeout });
    const checker = new AnswerChecker();
    const targets = verifyTargets(checker.spec);
    const verifyOne = verifier(alli, checker, targets);
    const counts = { ok: 0, drift: 0, skipped: 0, failed: 0 };
    for (const target of targets) {
      const [outcome, detail] = await verifyOne(target);
      counts[outcome]++;
      ctx.stdout.write(`${target.operationId} GET ${target.path}: ${outcome}${detail ? `: ${detail}` : ""}\n`);
    }
    const { ok, drift, failed, skipped } = counts;
    const summary = `${ok} ok, ${drift} drifted, ${failed} failed, ${skipped} skipped, against ${alli.baseUrl}`;
    ctx.stdout.write(`alli verify: ${summary}\n`);
    return drift || failed ? EXIT.failure : EXIT.ok;
  },
};
