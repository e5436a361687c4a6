/** Deterministic JSON: the same data always gives the same bytes, so re-running a step changes nothing. */

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function stableJson(value: unknown, sort = true): string {
  return JSON.stringify(sort ? sortKeys(value) : value, null, 2) + "\n";
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
