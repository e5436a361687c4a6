/**
 * The merge stage in memory: fragments + extra operations → rules → names → overlay → metadata →
 * one spec, and the operations' names (openapi/operation-names.json).
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { combine, operationKey } from "./combine.js";
import { annotate } from "./metadata.js";
import { isCamelCase } from "./operation-ids.js";
import { nameOperations, readNames, type OperationNames } from "./operation-names.js";
import { applyOverlay, type Overlay } from "./overlay.js";
import { EXTRA_DIR, FRAGMENTS_DIR, NAMES_FILE, OVERLAY_FILE } from "./paths.js";
import { operations, RULES } from "./rules.js";
import { loadSources, type Source } from "./sources.js";
import { withoutSuperseded } from "./superseded.js";

type Obj = Record<string, any>;

export interface BuildResult {
  spec: Obj;
  /** Every operation's method name, for openapi/operation-names.json. */
  names: OperationNames;
  report: string[];
  /** What a reviewer of an update must see (the merge prints them always): names, superseded files, merged pages. */
  notices: string[];
}

export interface BuildInputs {
  sources?: Source[];
  overlay?: Overlay;
  /** The names already given (default: openapi/operation-names.json). */
  names?: OperationNames;
}

/**
 * Servers carry a machine-readable region (`x-alli-region`) beside the page's label, the same
 * at the top level and on each operation (the SDK picks an operation's server by region).
 */
function regionServers(servers: Obj[]): Obj[] {
  return servers.map((server) => {
    const region = String(server.description ?? "")
      .trim()
      .toLowerCase();
    return { url: server.url, description: `${server.description} region`, "x-alli-region": region };
  });
}

/**
 * The overlay appends servers (Overlay 1.0: arrays append); one the page has come to name itself
 * is kept once, and said, since the overlay's action is then no longer needed there.
 */
function oneServerPerUrl(spec: Obj): string[] {
  const notices: string[] = [];
  for (const { path, method, operation } of operations(spec)) {
    if (!Array.isArray(operation.servers)) continue;
    const seen = new Set<string>();
    operation.servers = operation.servers.filter((server: Obj) => {
      if (!seen.has(server.url)) {
        seen.add(server.url);
        return true;
      }
      notices.push(
        `${operationKey(method, path)}: its page now names ${server.url}; the overlay's server is redundant`,
      );
      return false;
    });
  }
  return notices;
}

function checkOperations(spec: Obj): void {
  const seen = new Map<string, string>();
  for (const { path, method, operation } of operations(spec)) {
    const where = operationKey(method, path);
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
  const current = withoutSuperseded(sources);
  const combined = combine(current.sources);
  const notices = [...current.notices, ...combined.notices];
  const spec: Obj = combined.document;
  spec.servers = regionServers(spec.servers);
  // An operation's server is the top-level one of its URL, whose label the English page gave (a Japanese page's
  // translated label would name another region); the top level holds every page's servers.
  const byUrl = new Map<string, Obj>(spec.servers.map((server: Obj) => [server.url, server]));
  for (const { operation } of operations(spec))
    if (operation.servers) operation.servers = operation.servers.map((server: Obj) => ({ ...byUrl.get(server.url) }));

  for (const rule of RULES) for (const change of rule.apply(spec)) report.push(`rule ${rule.id}: ${change}`);
  const named = nameOperations(spec, inputs.names ?? readNames(NAMES_FILE), () => applyOverlay(spec, overlay));
  report.push(...named.report, `overlay: ${overlay.actions.length} actions applied`);
  notices.push(...named.notices, ...oneServerPerUrl(spec));

  for (const { path, method, operation } of operations(spec)) {
    if (!operation.summary) {
      // A fallback for a new page; the overlay gives the documented operations real summaries.
      operation.summary = operation.operationId
        .replace(/([A-Z])/g, " $1")
        .replace(/^./, (c: string) => c.toUpperCase());
      report.push(`rule missing-summary: ${operationKey(method, path)} → "${operation.summary}"`);
    }
  }
  report.push(...annotate(spec).map((note) => `metadata: ${note}`));
  checkOperations(spec);
  return { spec: ordered(spec), names: named.names, report, notices };
}
