/** Read-only access to the committed spec and the pipeline's inputs, for the spec tests. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(fileURLToPath(import.meta.url), "..", "..", "..");
export const spec = JSON.parse(readFileSync(join(ROOT, "openapi", "alli.openapi.json"), "utf8"));

export const METHODS = ["get", "put", "post", "delete", "patch"] as const;

export function allOperations(document: any = spec): Array<{ path: string; method: string; operation: any }> {
  return Object.entries<any>(document.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, method, operation: item[method] })),
  );
}

export function op(path: string, method: string, document: any = spec): any {
  const operation = document.paths[path]?.[method];
  if (!operation) throw new Error(`no ${method.toUpperCase()} ${path} in the spec`);
  return operation;
}
