/**
 * OpenAPI Overlay 1.0 actions (`target` JSONPath, `update` or `remove`, `description` = the
 * reason). Targets use the JSONPath subset the overlay needs: `$`, `.name`, `['name']`, `[n]`
 * and the `*` wildcard.
 */
type Obj = Record<string, any>;

export interface OverlayAction {
  target: string;
  description?: string;
  update?: unknown;
  remove?: boolean;
}

export interface Overlay {
  overlay: string;
  info: { title: string; version: string };
  actions: OverlayAction[];
}

export function parseJsonPath(target: string): Array<string | number | "*"> {
  if (!target.startsWith("$")) throw new Error(`overlay target ${target}: must start with $`);
  const parts: Array<string | number | "*"> = [];
  const re = /\.([A-Za-z0-9_$-]+|\*)|\[(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(\d+)|(\*))\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < target.length) {
    const at = re.lastIndex;
    const m = re.exec(target);
    if (!m) throw new Error(`overlay target ${target}: cannot read it at character ${at}`);
    const [, dot, single, double, index, star] = m;
    if (dot === "*" || star) parts.push("*");
    else if (dot !== undefined) parts.push(dot);
    else if (single !== undefined) parts.push(single.replace(/\\(.)/g, "$1"));
    else if (double !== undefined) parts.push(double.replace(/\\(.)/g, "$1"));
    else parts.push(Number(index));
  }
  return parts;
}

interface Match {
  parent: Obj | undefined;
  key: string | number | undefined;
  value: unknown;
}

function select(root: unknown, parts: Array<string | number | "*">): Match[] {
  let matches: Match[] = [{ parent: undefined, key: undefined, value: root }];
  for (const part of parts) {
    const next: Match[] = [];
    for (const { value } of matches) {
      if (!value || typeof value !== "object") continue;
      const keys = part === "*" ? Object.keys(value) : [part];
      for (const key of keys) {
        if (key in (value as Obj)) next.push({ parent: value as Obj, key, value: (value as Obj)[key as string] });
      }
    }
    matches = next;
  }
  return matches;
}

/** Overlay 1.0 update semantics: objects merge recursively, arrays append, scalars replace. */
function merge(target: unknown, update: unknown): unknown {
  if (Array.isArray(target) && Array.isArray(update)) return [...target, ...update];
  if (
    target &&
    update &&
    typeof target === "object" &&
    typeof update === "object" &&
    !Array.isArray(target) &&
    !Array.isArray(update)
  ) {
    const out: Obj = { ...(target as Obj) };
    for (const [key, value] of Object.entries(update)) out[key] = key in out ? merge(out[key], value) : value;
    return out;
  }
  return update;
}

/** Applies every action in order; an action whose target matches nothing fails the merge, since the upstream it corrected has changed. */
export function applyOverlay(spec: Obj, overlay: Overlay): void {
  overlay.actions.forEach((action, i) => {
    const label = `overlay action ${i + 1} (${action.target})`;
    if (!action.description?.trim()) throw new Error(`${label}: every action needs a description giving its reason`);
    const matches = select(spec, parseJsonPath(action.target));
    if (matches.length === 0)
      throw new Error(`${label}: the target matches nothing; the upstream it corrects may have changed`);
    for (const match of matches) {
      if (action.remove) {
        if (Array.isArray(match.parent)) match.parent.splice(match.key as number, 1);
        else if (match.parent) delete match.parent[match.key as string];
      } else if (action.update !== undefined) {
        if (!match.parent) Object.assign(spec, merge(spec, action.update));
        else match.parent[match.key as string] = merge(match.value, action.update);
      }
    }
  });
}
