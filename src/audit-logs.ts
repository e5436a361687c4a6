/** alli.auditLogs: to be implemented (issue: audit-log CSV download). */
import type { ClientCore } from "./internal/call.js";

export interface AuditLogs {}

export function createAuditLogs(_core: ClientCore): AuditLogs {
  return {};
}
