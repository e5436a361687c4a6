/** Follows local `$ref`s (`#/components/…`) through the spec the CLI reads, as JSON pointers. */
type Obj = Record<string, any>;

export function resolveRef(spec: Obj, node: Obj | undefined): Obj | undefined {
  let current = node;
  for (let hops = 0; current?.$ref && hops < 20; hops++) {
    current = String(current.$ref)
      .slice(2)
      .split("/")
      .reduce<any>((at, part) => at?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
  }
  return current;
}
