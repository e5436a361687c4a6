/** The merge stage in memory: fragments + extra operations → rules → overlay → metadata → one spec. */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { combine } from "./combine.js";
import { annotate } from "./metadata.js";
import { deriveOperationId, isCamelCase } from "./operation-ids.js";
import { applyOverlay, type Overlay } from "./overlay.js";
import { EXTRA_DIR, FRAGMENTS_DIR, OVERLAY_FILE } from "./paths.js";
import { operations, RULES } from "./rules.js";
import { loadSources, type Source } from "./sources.js";

type Obj = Record<string, any>;

export interface BuildResult {
  spec: Obj;
  report: string[];
}

export interface BuildInputs {
  sources?: Source[];
  overlay?: Overlay;
}

/** Servers carry a machine-readable region (`x-alli-region`) beside the page's label. */
function regionServers(servers: Obj[]): Obj[] {
  return servers.map((server) => {
    const region = String(server.description ?? "")
      .trim()
      .toLowerCase();
    return { url: server.url, description: `${server.description} region`, "x-alli-region": region };
  });
}

function checkOperations(spec: Obj): void {
  const seen = new Map<string, string>();
  for (const { path, method, operation } of operations(spec)) {
    const where = `${method.toUpperCase()} ${path}`;
    const id = operation.operationId;
    if (!isCamelCase(id)) throw new Error(`${where}: operationId ${id} is not camelCase`);
    if (seen.has(id))
      throw new Error(
        `operationId ${id} is used by both ${seen.get(id)} and ${where}; override one in openapi/overlay.yaml`,
      );
    seen.set(id, where);
  }
}

/** Orders a spec the way a reader expects (top-level keys, then paths and components by name). */
function ordered(spec: Obj): Obj {
  const byKey = (o: Obj) =>
    Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    );
  const components = byKey(spec.components);
  for (const section of Object.keys(components)) components[section] = byKey(components[section]);
  const { openapi, info, servers, security, tags, paths, ...rest } = spec;
  return { openapi, info, servers, security, tags, paths: byKey(paths), ...rest, components };
}

export function buildSpec(inputs: BuildInputs = {}): BuildResult {
  const sources = inputs.sources ?? loadSources(FRAGMENTS_DIR, EXTRA_DIR);
  const overlay = inputs.overlay ?? (parseYaml(readFileSync(OVERLAY_FILE, "utf8")) as Overlay);
  const report: string[] = [];
  const spec: Obj = combine(sources).document;
  spec.servers = regionServers(spec.servers);

  for (const rule of RULES) for (const change of rule.apply(spec)) report.push(`rule ${rule.id}: ${change}`);
  for (const { path, method, operation } of operations(spec)) {
    const id = deriveOperationId(operation.operationId, method, path);
    if (id !== operation.operationId) report.push(`rule operation-id: ${operation.operationId ?? "(none)"} → ${id}`);
    operation.operationId = id;
  }

  applyOverlay(spec, overlay);
  report.push(`overlay: ${overlay.actions.length} actions applied`);

  for (const { path, method, operation } of operations(spec)) {
    if (!operation.summary) {
      // A fallback for a new page; the overlay gives the documented operations real summaries.
      operation.summary = operation.operationId
        .replace(/([A-Z])/g, " $1")
        .replace(/^./, (c: string) => c.toUpperCase());
      report.push(`rule missing-summary: ${method.toUpperCase()} ${path} → "${operation.summary}"`);
    }
  }
  report.push(...annotate(spec).map((note) => `metadata: ${note}`));
  checkOperations(spec);
  return { spec: ordered(spec), report };
}
