/** Exports the last week's audit logs to a CSV file, with progress, and reads the rows back. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAlliClient } from "alli-sdk";

const alli = createAlliClient();
const dir = mkdtempSync(join(tmpdir(), "alli-audit-"));
const file = join(dir, "audit-logs.csv");
try {
  const result = await alli.auditLogs.downloadToFile(file, {
    query: { beforeRange: 7 },
    onProgress: ({ bytes, total }) => console.log(`  ${bytes} of ${total ?? "?"} bytes`),
  });
  console.log(`wrote ${result.bytes} bytes to ${file}`);
  let rows = 0;
  for await (const row of alli.auditLogs.rows({ query: { beforeRange: 7 } })) {
    rows++;
    if (rows <= 3)
      console.log(
        `  ${row.createdAt instanceof Date ? row.createdAt.toISOString() : row.createdAt}  ${row.method ?? ""} ${row.path ?? ""}`,
      );
  }
  console.log(`read ${rows} audit-log rows`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
