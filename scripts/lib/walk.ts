/** Visits every object in a JSON tree, parents before children, with its JSON pointer. */
export type Visitor = (node: Record<string, any>, pointer: string) => void;

export function walkObjects(value: unknown, visit: Visitor, pointer = ""): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => walkObjects(item, visit, `${pointer}/${i}`));
  } else if (value && typeof value === "object") {
    visit(value as Record<string, any>, pointer);
    for (const [key, child] of Object.entries(value)) {
      walkObjects(child, visit, `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`);
    }
  }
}
