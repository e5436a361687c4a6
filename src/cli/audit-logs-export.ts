/** `alli audit-logs export`: downloads the audit-log CSV to a file, with a progress line on a terminal. */
import { APIUserAbortError, InvalidInputError, type AuditLogsQuery, type DownloadProgress } from "../index.js";
import type { ExportProgress } from "../index.js";
import { CLIENT_FLAGS, CLIENT_HELP, clientFromFlags, EXIT, parseFlags, UsageError, type Command } from "./command.js";

const S = { type: "string" } as const;
/** The query flags are the query parameters' names, kebab-cased (`beforeRange` → `--before-range`). */
const QUERY = { "created-at": S, "before-range": S, email: S, "api-request-type": S } as const;
const FILE = { out: { ...S, short: "o" }, "max-bytes": S, since: S, until: S, resume: { type: "boolean" } } as const;
const OPTIONS = { ...FILE, ...QUERY, params: { ...S, multiple: true }, ...CLIENT_FLAGS } as const;
const USAGE = `Usage: alli audit-logs export --out FILE [options]

Downloads up to 31 days of audit logs as one CSV file, with a progress bar on stderr when it is a terminal;
with --since, any period, one window of at most 31 days after another, resumable with --resume.
FILE appears only once complete: until then the bytes go to a hidden .FILE.<pid>.<random>.partial, removed on failure
(an export's .FILE.export.partial and its .json checkpoint stay, for --resume).

Options:
  -o, --out FILE              where to write the CSV (required; replaced if it exists)
  --since DATE[-TIME]         export [since, until): the start, RFC 3339, e.g. 2025-01-01 (UTC without an offset)
  --until DATE[-TIME]         the end, excluded (default now)
  --resume                    go on with the interrupted export of the same period and query
  --created-at DATE-TIME      the end of the range (UTC), RFC 3339, e.g. 2026-01-31T00:00:00Z
  --before-range DAYS         days before --created-at, 1 to 31 (default 31)
  --email EMAIL               only the logs of this agent
  --api-request-type TYPE     only rest or graphql requests
  --params LIST               extra columns: variables, query, body (comma-separated or repeated)
  --max-bytes SIZE            fail, writing nothing, past SIZE bytes: 5000000, 500MB, 2GiB (default no limit)
${CLIENT_HELP}
Exit codes: 0 done, 1 the download failed, 2 usage error, 130 interrupted (Ctrl-C).`;

const UNITS = ["B", "kB", "MB", "GB", "TB"];
/** 1234567 → "1.2 MB" (decimal units, as download tools print them). */
function formatBytes(bytes: number): string {
  const unit = UNITS.findLastIndex((_, i) => bytes >= 1000 ** i);
  return unit <= 0 ? `${bytes} B` : `${(bytes / 1000 ** unit).toFixed(1)} ${UNITS[unit]}`;
}
/** One line of progress, `elapsedMs` into the download: bytes, the percentage when the size is known, the rate. */
export function progressLine({ bytes, total }: DownloadProgress, elapsedMs: number, width = 80): string {
  const rate = elapsedMs > 0 ? `${formatBytes((bytes * 1000) / elapsedMs)}/s` : "";
  if (!total) return `${formatBytes(bytes)}  ${rate}`.trimEnd();
  const fraction = Math.min(1, bytes / total);
  const percent = String(Math.floor(fraction * 100)).padStart(3);
  const text = `${percent}%  ${formatBytes(bytes)} / ${formatBytes(total)}  ${rate}`;
  const barWidth = Math.max(10, Math.min(40, width - text.length - 4));
  const filled = Math.round(fraction * barWidth);
  return `[${"#".repeat(filled)}${".".repeat(barWidth - filled)}] ${text}`.trimEnd();
}
/** The SDK's field (`path`, `query.beforeRange`, `query.params[1]`) as the flag typed (`--params[1]`). */
function asFlagMessage({ field, rule, message }: InvalidInputError): string {
  if (field === "path") return `--out: ${rule}`;
  const [, name = "", index] = /^(?:query\.|options\.)?(\w+)(.*)$/.exec(field) ?? [];
  const flag = name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  return flag in OPTIONS ? `--${flag}${index}: ${rule}` : message;
}

export const auditLogsExport: Command = {
  name: ["audit-logs", "export"],
  summary: "download the audit-log CSV to a file",
  async run(args, ctx) {
    const values = parseFlags(args, OPTIONS, USAGE, ctx);
    if (!values) return EXIT.ok;
    const { out, "before-range": days, since, until, resume } = values;
    if (!out) throw new UsageError("--out FILE is required (see alli audit-logs export --help)");
    const single = values["created-at"] ?? days;
    if (since === undefined ? (until ?? resume) : single !== undefined)
      throw new UsageError("--since (with --until, --resume) exports a period; --created-at/--before-range one window");
    if (days !== undefined && !/^[+-]?\d+(\.\d+)?$/.test(days.trim()))
      throw new UsageError(`--before-range: must be a number of days from 1 to 31, got ${JSON.stringify(days)}`);
    const size = values["max-bytes"];
    const [, digits, unit = " ", binary] = /^(\d+) ?(?:([kmgt])(i?)b?)?$/i.exec(size ?? "") ?? [];
    if (size !== undefined && digits === undefined)
      throw new UsageError(`--max-bytes: must be a size (5000000, 500MB, 2GiB), got ${JSON.stringify(size)}`);
    // kB, MB…; KiB, MiB…; the download checks the number itself (a whole number ≥ 1), as for the query flags.
    const scale = (binary ? 1024 : 1000) ** " kmgt".indexOf(unit.toLowerCase());
    const maxBytes = digits === undefined ? undefined : Number(digits) * scale;
    const query = {
      createdAt: values["created-at"],
      beforeRange: days === undefined ? undefined : Number(days),
      email: values.email,
      apiRequestType: values["api-request-type"],
      params: values.params?.flatMap((p) => p.split(",").map((part) => part.trim())).filter(Boolean),
    } as AuditLogsQuery;
    const alli = clientFromFlags(values, ctx);
    const abort = new AbortController();
    const removeInterrupt = ctx.onInterrupt(() => abort.abort(new Error("interrupted")));
    // On a terminal, a progress line redrawn in place at most ten times a second, and cleared at the end.
    const started = Date.now();
    let drawn = 0;
    const onProgress = (progress: Partial<DownloadProgress & ExportProgress> & { bytes: number }) => {
      if (Date.now() - drawn < 100) return;
      drawn = Date.now();
      const { windowsDone: done, windows } = progress;
      const window = windows ? `window ${Math.min(done! + 1, windows)}/${windows}  ` : "";
      const line = progressLine({ bytes: progress.bytes, total: progress.total }, drawn - started, ctx.stderr.columns);
      ctx.stderr.write(`\r\x1b[K${window}${line}`);
    };
    const options = { query, maxBytes, signal: abort.signal, onProgress: ctx.stderr.isTTY ? onProgress : undefined };
    try {
      const downloading =
        since === undefined
          ? alli.auditLogs.downloadToFile(out, options)
          : alli.auditLogs.exportToFile(out, { ...options, since, until, resume: Boolean(resume) });
      const { bytes } = await downloading.finally(() => drawn && ctx.stderr.write("\r\x1b[K"));
      ctx.stdout.write(`Wrote ${formatBytes(bytes)} (${bytes} bytes) to ${out}\n`);
      return EXIT.ok;
    } catch (error) {
      if (error instanceof InvalidInputError) throw new UsageError(asFlagMessage(error));
      if (!(error instanceof APIUserAbortError && abort.signal.aborted)) throw error;
      ctx.stderr.write(`alli: interrupted; ${out} was not written${since ? " (--resume goes on from there)" : ""}\n`);
      return EXIT.interrupted;
    } finally {
      removeInterrupt();
    }
  },
};
