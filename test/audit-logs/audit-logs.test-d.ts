/** Types: the query is the spec's, and rows are typed where the AuditLog schema says what a column is. */
import { describe, expectTypeOf, it } from "vitest";
import type { AuditLogDownload, AuditLogRow, DownloadResult } from "../../src/index.js";
import { createAlliClient } from "../../src/client.js";

const alli = createAlliClient({ apiKey: "test-key" });

describe("alli.auditLogs types", () => {
  it("types AuditLog columns and leaves the others text", () => {
    expectTypeOf(alli.auditLogs.rows()).toEqualTypeOf<AsyncIterableIterator<AuditLogRow>>();
    expectTypeOf<AuditLogRow["createdAt"]>().toEqualTypeOf<Date | undefined>();
    expectTypeOf<AuditLogRow["id"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<AuditLogRow["ip"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<AuditLogRow["body"]>().toEqualTypeOf<Record<string, unknown> | string | null | undefined>();
    expectTypeOf<AuditLogRow["agentEmail"]>().toEqualTypeOf<string | undefined>();
  });

  it("returns a download and a file result", () => {
    expectTypeOf(alli.auditLogs.download()).resolves.toEqualTypeOf<AuditLogDownload>();
    expectTypeOf(alli.auditLogs.downloadToFile("x.csv")).resolves.toEqualTypeOf<DownloadResult>();
  });

  it("takes only the download operation's query", () => {
    alli.auditLogs.rows({
      query: { beforeRange: 7, params: ["variables", "body"], createdAt: "2026-01-05T00:00:00Z", email: null },
    });
    // @ts-expect-error params come from the spec's enum
    alli.auditLogs.rows({ query: { params: ["headers"] } });
    // @ts-expect-error beforeRange is a number
    void alli.auditLogs.download({ query: { beforeRange: "7" } });
    // @ts-expect-error not a parameter of the download operation
    void alli.auditLogs.downloadToFile("x.csv", { query: { limit: 10 } });
  });
});
