/**
 * `alli.auditLogs`: the three ways to read the audit-log CSV. The query is checked before the
 * network; the download itself (download.ts) loads on first use, so a program that never
 * downloads does not load it.
 */
import { AlliError } from "../../errors/errors.js";
import { checkQuery } from "../../core/check-input.js";
import { allOperations } from "../../core/operations.js";
import type { OpenCall } from "./download.js";
import type { AuditLogs } from "./types.js";

const load = () => import("./download.js");

/** `alli.auditLogs` over `open`, the client's call of the download operation; `node`: whether files and csv-parse can load. */
export function createAuditLogs(open: OpenCall, node: boolean): AuditLogs {
  const needsNode = (what: string) => {
    if (!node) throw new AlliError(`${what} needs Node.js; elsewhere, read alli.auditLogs.download() yourself`);
  };
  return {
    download: async (options = {}) => (await load()).download(open, options),
    async downloadToFile(path, options = {}) {
      needsNode("alli.auditLogs.downloadToFile() writes a file, so it");
      return (await load()).downloadToFile(open, path, options);
    },
    rows(options = {}) {
      checkQuery(allOperations().downloadAuditLogs!, options.query);
      needsNode("Parsing the audit-log CSV (csv-parse uses Node's Buffer)");
      return (async function* () {
        yield* (await load()).rows(open, options);
      })();
    },
  };
}
