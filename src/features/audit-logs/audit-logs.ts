/** `alli.auditLogs`. The download itself (download.ts) loads on first use: a program that never downloads skips it. */
import { AlliError } from "../../errors/errors.js";
import { checkQuery } from "../../core/check-input.js";
import { allOperations } from "../../core/operations.js";
import type { OpenCall } from "./download.js";
import { windowsOf } from "../../core/period.js";
import type { AuditLogs } from "./types.js";

/** `alli.auditLogs` over `open`, the client's call of the download; `node`: whether files and Buffer are there. */
export function createAuditLogs(open: OpenCall, node: boolean): AuditLogs {
  const needsNode = (what: string) => {
    if (!node) throw new AlliError(`${what} needs Node.js; elsewhere, read alli.auditLogs.download() yourself`);
  };
  return {
    download: async (options = {}) => (await import("./download.js")).download(open, options),
    async downloadToFile(path, options = {}) {
      needsNode("alli.auditLogs.downloadToFile() writes a file, so it");
      return (await import("./download.js")).downloadToFile(open, path, options);
    },
    rows(options = {}) {
      // Checked here, not in download.ts: a bad query throws at the call, before the first `next()`.
      checkQuery(allOperations().downloadAuditLogs!, options.query);
      needsNode("Parsing the audit-log CSV (the SDK's reader uses Node's Buffer)");
      return (async function* () {
        yield* (await import("./download.js")).rows(open, options);
      })();
    },
    async exportToFile(path, options) {
      checkQuery(allOperations().downloadAuditLogs!, options.query); // before the partial file exists
      needsNode("alli.auditLogs.exportToFile() writes a file, so it");
      return (await import("./download.js")).exportToFile(open, path, options);
    },
    exportRows(options) {
      windowsOf(options); // the period's checks at the call, as rows() checks its query
      checkQuery(allOperations().downloadAuditLogs!, options.query);
      needsNode("Parsing the audit-log CSV (the SDK's reader uses Node's Buffer)");
      return (async function* () {
        yield* (await import("./download.js")).exportRows(open, options);
      })();
    },
  };
}
