/**
 * The spec says no more than its pages: every example validates against its own schema (JSON
 * Schema 2020-12, as OpenAPI 3.1 reads it), a stream example's events against the stream's
 * declared event schema, and the audit-log CSV example's columns are the AuditLog schema's fields.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { parse as parseCsv } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { allOperations, op, spec } from "../helpers/spec.js";

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
// ajv-formats is CommonJS: its plugin is the default export's `default` under NodeNext.
(formats as unknown as { default: (ajv: Ajv2020) => void }).default(ajv);
ajv.addSchema({ ...spec, $id: "alli" });

const pointer = (parts: (string | number)[]) =>
  "#/" + parts.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
const errorsOf = (schemaPointer: string, value: unknown) => {
  const validate = ajv.getSchema(`alli${schemaPointer}`) ?? ajv.compile({ $ref: `alli${schemaPointer}` });
  return validate(value)
    ? []
    : (validate.errors ?? []).map(
        (e: { instancePath: string; message?: string }) => `${e.instancePath || "/"} ${e.message}`,
      );
};

/** Every media-type example of the spec, with where its schema is. */
function mediaExamples() {
  const found: Array<{ where: string; schema: string; media: string; example: unknown }> = [];
  for (const { path, method, operation } of allOperations()) {
    const places: Array<[(string | number)[], any]> = [];
    if (operation.requestBody?.content) places.push([["paths", path, method, "requestBody"], operation.requestBody]);
    for (const [code, response] of Object.entries<any>(operation.responses ?? {}))
      if (response.content) places.push([["paths", path, method, "responses", code], response]);
    for (const [at, holder] of places) {
      for (const [media, content] of Object.entries<any>(holder.content)) {
        const examples = [
          ...(content.example !== undefined ? [content.example] : []),
          ...Object.values<any>(content.examples ?? {}).map((e) => e.value),
        ];
        for (const example of examples)
          found.push({
            where: `${method.toUpperCase()} ${path} ${at.slice(3).join(" ")} ${media}`,
            schema: pointer([...at, "content", media, "schema"]),
            media,
            example,
          });
      }
    }
  }
  return found;
}

describe("the spec's examples", () => {
  const examples = mediaExamples();

  it("are found (the media-type examples: the spec has no other kind)", () => {
    expect(examples.length).toBeGreaterThan(5);
  });

  it.each(examples.map((e) => [e.where, e] as const))(
    "%s validates against its schema",
    (_where, { schema, example }) => {
      expect(errorsOf(schema, example)).toEqual([]);
    },
  );

  it.each(
    allOperations()
      .filter(({ operation }) => operation["x-alli-streaming"]?.event)
      .map(({ path }) => [path] as const),
  )("%s: each event of the stream example validates against the declared event schema", (path) => {
    const operation = op(path, "post");
    const example: string = operation.responses["200"].content["text/event-stream"].example;
    const events = example
      .split("\n")
      .filter((line) => line.startsWith("data: "))
      .map((line) => JSON.parse(line.slice(6)));
    expect(events.length).toBeGreaterThan(0);
    const eventSchema = operation["x-alli-streaming"].event.$ref as string;
    for (const event of events) {
      expect(errorsOf(eventSchema, event)).toEqual([]);
      // Only fields the page documents: validation alone would let unknown ones through.
      const documented = Object.keys(resolvePointer(eventSchema).properties ?? {});
      expect(Object.keys(event).filter((key) => !documented.includes(key))).toEqual([]);
    }
  });

  it("the audit-log CSV example has the AuditLog schema's fields as its columns, and its rows are AuditLogs", () => {
    const csv: string = op("/webapi/v2/audit/logs/download", "get").responses["200"].content["text/csv"].example;
    const [header, ...rows] = parseCsv(csv) as string[][];
    expect(header).toEqual(spec.components.schemas.AuditLog.required);
    expect([...header!].sort()).toEqual(Object.keys(spec.components.schemas.AuditLog.properties).sort());
    for (const row of rows) {
      // Object cells are JSON; an empty cell is null.
      const entry = Object.fromEntries(
        header!.map((name, i) => [name, row[i] === "" ? null : row[i]!.startsWith("{") ? JSON.parse(row[i]!) : row[i]]),
      );
      expect(errorsOf("#/components/schemas/AuditLog", entry)).toEqual([]);
    }
  });
});

function resolvePointer(ref: string): any {
  return ref
    .slice(2)
    .split("/")
    .reduce<any>((at, part) => at?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
}
