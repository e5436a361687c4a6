/**
 * The spec as the type generator sees it. One difference from the published spec: a field marked
 * `x-alli-json-string: <schema>` is sent as a JSON string, but the SDK encodes it, so its type
 * also accepts the value the string encodes (`choices: number[]` as well as `"[0, 1]"`). The
 * published spec keeps the wire format, which is what Prism validates.
 */
type Obj = Record<string, any>;

function widen(property: Obj): Obj {
  const { "x-alli-json-string": encoded, description, ...wire } = property;
  if (!encoded || typeof encoded !== "object") return property;
  return { ...(description === undefined ? {} : { description }), anyOf: [wire, encoded] };
}

function visit(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(visit);
  if (!node || typeof node !== "object") return node;
  const out: Obj = {};
  for (const [key, value] of Object.entries(node as Obj)) {
    out[key] =
      key === "properties" && value && typeof value === "object" && !Array.isArray(value)
        ? Object.fromEntries(Object.entries<Obj>(value).map(([name, property]) => [name, visit(widen(property))]))
        : visit(value);
  }
  return out;
}

export function typingView(spec: Obj): Obj {
  return visit(spec) as Obj;
}
