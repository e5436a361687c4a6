/**
 * The names users call. An operation's method name is its operationId, derived by rule from the
 * upstream id; but upstream ids change (a view renamed, an operation moved to another page), and
 * a name that changed with them would break every caller. So a name, once given, is kept in
 * openapi/operation-names.json by method and path, and only an explicit rename in
 * openapi/overlay.yaml changes it. The merge writes the file back like the spec: a new operation
 * adds its name, one gone from the spec takes its name out.
 */
import { existsSync, readFileSync } from "node:fs";
import { HTTP_METHODS, operationKey } from "./combine.js";
import { stableJson } from "./json.js";
import { deriveOperationId } from "./operation-ids.js";
import { operations } from "./rules.js";

type Obj = Record<string, any>;

/** `METHOD path` → the operation's method name. */
export type OperationNames = Record<string, string>;

export function readNames(file: string): OperationNames {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as OperationNames) : {};
}

/** The file's text: by path, then method, so that a path's operations stand together. */
export function namesJson(names: OperationNames): string {
  const split = (key: string) => {
    const [method, path] = [key.slice(0, key.indexOf(" ")), key.slice(key.indexOf(" ") + 1)];
    return { path, rank: HTTP_METHODS.indexOf(method.toLowerCase() as (typeof HTTP_METHODS)[number]) };
  };
  const keys = Object.keys(names).sort((a, b) => {
    const [x, y] = [split(a), split(b)];
    return x.path < y.path ? -1 : x.path > y.path ? 1 : x.rank - y.rank;
  });
  return stableJson(Object.fromEntries(keys.map((key) => [key, names[key]])), false);
}

export interface Named {
  names: OperationNames;
  /** The naming rule's changes, as the merge reports every rule's. */
  report: string[];
  /** Names a reviewer should know of: new, kept against upstream, renamed, dropped. */
  notices: string[];
}

/**
 * Names every operation: the overlay's operationId if it gives one (an explicit rename), else
 * the name already given, else the rule's. `applyOverlay` runs in between, on operations whose
 * id is cleared (the key stays, so the spec's key order does not change): an id the overlay
 * sets is then told apart from one it did not touch, even when it equals the old name.
 */
export function nameOperations(spec: Obj, given: OperationNames, applyOverlay: () => void): Named {
  const report: string[] = [];
  const notices: string[] = [];
  const upstream = new Map<string, { id: string | undefined; derived: string }>();
  for (const { path, method, operation } of operations(spec)) {
    const derived = deriveOperationId(operation.operationId, method, path);
    if (derived !== operation.operationId)
      report.push(`rule operation-id: ${operation.operationId ?? "(none)"} → ${derived}`);
    upstream.set(operationKey(method, path), { id: operation.operationId, derived });
    operation.operationId = undefined;
  }

  applyOverlay();

  const names: OperationNames = {};
  for (const { path, method, operation } of operations(spec)) {
    const key = operationKey(method, path);
    // An operation the overlay itself added has no upstream id.
    const { id, derived } = upstream.get(key) ?? { id: undefined, derived: deriveOperationId(undefined, method, path) };
    const before = given[key];
    if (operation.operationId !== undefined) {
      if (before !== undefined && before !== operation.operationId)
        notices.push(
          `${key}: renamed ${before} → ${operation.operationId} by openapi/overlay.yaml (callers of ${before} must change)`,
        );
    } else {
      operation.operationId = before ?? derived;
      if (before !== undefined && before !== derived)
        notices.push(`${key}: keeps the name ${before}; its upstream id ${id ?? "(none)"} would derive ${derived}`);
    }
    if (before === undefined) notices.push(`${key}: new method ${operation.operationId}`);
    names[key] = operation.operationId;
  }
  for (const [key, name] of Object.entries(given))
    if (!(key in names))
      notices.push(`${key}: no longer in the spec; its name ${name} leaves openapi/operation-names.json`);
  return { names, report, notices };
}
