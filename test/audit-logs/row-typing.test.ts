/** Row typing: which columns are converted, checked against the spec itself, and how. */
import { describe, expect, it } from "vitest";
import { AlliError } from "../../src/index.js";
import { AUDIT_LOG_COLUMNS, rowBuilder } from "../../src/features/audit-logs/rows.js";
import { parseDateTime } from "../../src/core/date-time.js";
import { spec } from "../helpers/spec.js";

describe("AUDIT_LOG_COLUMNS", () => {
  it("matches the spec's AuditLog schema: every property, its format, object-ness and nullability", () => {
    const schema = spec.components.schemas.AuditLog;
    const fromSpec = Object.fromEntries(
      Object.entries<Record<string, any>>(schema.properties).map(([name, property]) => {
        const variants: Record<string, any>[] = property.anyOf ?? [property];
        const nonNull = variants.filter((v) => v.type !== "null");
        const isObject = nonNull.some((v) => v.type === "object" || v.$ref);
        const kind = isObject ? "json-object" : nonNull.some((v) => v.format === "date-time") ? "date-time" : "string";
        return [name, { kind, nullable: variants.some((v) => v.type === "null") }];
      }),
    );
    expect(AUDIT_LOG_COLUMNS).toEqual(fromSpec);
  });
});

describe("rowBuilder", () => {
  const build = rowBuilder(["id", "createdAt", "ip", "body", "variables", "agentEmail", "extra"]);

  it("converts createdAt to a Date, JSON object columns to objects, and empty nullable cells to null", () => {
    const row = build(["log_1", "2026-01-05T09:30:00Z", "", '{"a":[1,"x,y"]}', "", "", "kept"], 1);
    expect(row).toEqual({
      id: "log_1",
      createdAt: new Date(Date.UTC(2026, 0, 5, 9, 30)),
      ip: null,
      body: { a: [1, "x,y"] },
      variables: null,
      agentEmail: "",
      extra: "kept",
    });
  });

  it("keeps a JSON column's text when it is not a JSON object, and reads the text null as null", () => {
    const row = build(["", "2026-01-05T09:30:00+09:00", "1.2.3.4", "{not json", "[1,2]", "x", "null"], 1);
    expect(row.body).toBe("{not json");
    expect(row.variables).toBe("[1,2]");
    expect(row.id).toBe(""); // id is not nullable: an empty cell stays text
    expect(row.extra).toBe("null"); // unknown columns are never converted
    expect(row.createdAt).toEqual(new Date(Date.UTC(2026, 0, 5, 0, 30)));
    expect(build(["", "2026-01-05T09:30:00Z", "", "null", "", "", ""], 1).body).toBeNull();
  });

  it("raises an AlliError naming the row and column for a createdAt that is not a date-time", () => {
    expect(() => build(["a", "yesterday", "", "", "", "", ""], 42)).toThrow(AlliError);
    expect(() => build(["a", "yesterday", "", "", "", "", ""], 42)).toThrow(
      /row 42 .*column createdAt.*"yesterday".*date-time/,
    );
    expect(() => build(["a", "", "", "", "", "", ""], 7)).toThrow(/row 7 .*createdAt/);
  });

  it("keeps a column named __proto__ as data instead of setting the prototype", () => {
    const row = rowBuilder(["__proto__", "id"])(["polluted", "x"], 1);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.keys(row)).toEqual(["__proto__", "id"]);
    expect(row["__proto__"]).toBe("polluted");
  });

  it("refuses a header that names a column twice", () => {
    expect(() => rowBuilder(["id", "ip", "id"])).toThrow(/"id" twice/);
  });
});

describe("parseDateTime", () => {
  it("reads RFC 3339 with Z, an offset, fractions, and (for cells) no offset as UTC", () => {
    expect(parseDateTime("2026-01-05T09:30:00Z")?.toISOString()).toBe("2026-01-05T09:30:00.000Z");
    expect(parseDateTime("2026-01-05T09:30:00.123456-05:30")?.toISOString()).toBe("2026-01-05T15:00:00.123Z");
    expect(parseDateTime("2026-01-05 09:30:00")?.toISOString()).toBe("2026-01-05T09:30:00.000Z");
    expect(parseDateTime("2026-01-05")?.toISOString()).toBe("2026-01-05T00:00:00.000Z");
    expect(parseDateTime("2026-01-05t09:30:00.5z")?.toISOString()).toBe("2026-01-05T09:30:00.500Z");
    expect(parseDateTime("2026-01-05T09:30+0100")?.toISOString()).toBe("2026-01-05T08:30:00.000Z");
    expect(parseDateTime("2026-12-31T23:59:60Z")?.toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(parseDateTime("0050-03-01T00:00:00Z")?.getUTCFullYear()).toBe(50);
  });

  it("rejects dates that do not exist and, when strict, a missing time or offset", () => {
    for (const text of [
      "2026-02-30T00:00:00Z",
      "2025-02-29T00:00:00Z",
      "2026-13-01T00:00:00Z",
      "2026-01-05T24:00:00Z",
      "5 Jan 2026",
      "2026-01-05T09:30:00+25:00",
      "2026-01-05T09:30:00Zjunk",
      "2026-01-05T09:30:00.Z",
      "2026-1-5",
      "",
    ]) {
      expect(parseDateTime(text), text).toBeUndefined();
    }
    expect(parseDateTime("2026-01-05T09:30:00", true)).toBeUndefined();
    expect(parseDateTime("2026-01-05", true)).toBeUndefined();
    expect(parseDateTime("2024-02-29T00:00:00Z", true)).toBeInstanceOf(Date);
  });
});
