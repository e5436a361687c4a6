/** `alli audit-logs export`: downloads the audit-log CSV to a file, with a progress bar on a terminal. */
import { APIUserAbortError, InvalidInputError, type AuditLogsQuery } from "../index.js";
import { CLIENT_FLAGS, CLIENT_HELP, clientFromFlags } from "./client-flags.js";
import { EXIT, parseFlags, UsageError, type Command, type Flags } from "./command.js";
import { formatBytes, progressRenderer } from "./progress-line.js";

/** The query flags are the query parameters' names, kebab-cased (`beforeRange` → `--before-range`). */
const OPTIONS = {
  out: { type: "string", short: "o" },
  "created-at": { type: "string" },
  "before-range": { type: "string" },
  email: { type: "string" },
  "api-request-type": { type: "string" },
  params: { type: "string", multiple: true },
  ...CLIENT_FLAGS,
} as const;

const USAGE = `Usage: alli audit-logs export --out FILE [options]

Downloads up to 31 days of audit logs as one CSV file, with a progress bar on stderr when it is a terminal.
FILE appears only once complete: until then the bytes go to a hidden .FILE.<random>.partial, removed on failure.

Options:
  -o, --out FILE              where to write the CSV (required; replaced if it exists)
  --created-at DATE-TIME      the end of the range (UTC), RFC 3339, e.g. 2026-01-31T00:00:00Z
  --before-range DAYS         days before --created-at, 1 to 31 (default 31)
  --email EMAIL               only the logs of this agent
  --api-request-type TYPE     only rest or graphql requests
  --params LIST               extra columns: variables, query, body (comma-separated or repeated)
${CLIENT_HELP}
Exit codes: 0 done, 1 the download failed, 2 usage error, 130 interrupted (Ctrl-C).`;

function queryFrom(values: Flags<typeof OPTIONS>): AuditLogsQuery {
  const days = values["before-range"];
  if (days !== undefined && !/^[+-]?\d+(\.\d+)?$/.test(days.trim()))
    throw new UsageError(`--before-range: must be a number of days from 1 to 31, got ${JSON.stringify(days)}`);
  const params = values.params?.flatMap((p) => p.split(",").map((part) => part.trim()));
  return {
    createdAt: values["created-at"],
    beforeRange: days === undefined ? undefined : Number(days),
    email: values.email,
    apiRequestType: values["api-request-type"],
    params: params?.filter(Boolean),
  } as AuditLogsQuery;
}

/** The SDK's field (`path`, `query.beforeRange`, `query.params[1]`) as the flag typed (`--params[1]`). */
function asFlagMessage({ field, rule, message }: InvalidInputError): string {
  if (field === "path") return `--out: ${rule}`;
  const [, name = "", index] = /^query\.(\w+)(.*)$/.exec(field) ?? [];
  const flag = name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  return flag in OPTIONS ? `--${flag}${index}: ${rule}` : message;
}

export const auditLogsExport: Command = {
  name: ["audit-logs", "export"],
  summary: "download the audit-log CSV to a file",
  async run(args, ctx) {
    const values = parseFlags(args, OPTIONS, USAGE, ctx);
    if (!values) return EXIT.ok;
    const { out } = values;
    if (!out) throw new UsageError("--out FILE is required (see alli audit-logs export --help)");
    const query = queryFrom(values);
    const alli = clientFromFlags(values, ctx);
    const abort = new AbortController();
    const removeInterrupt = ctx.onInterrupt(() => abort.abort(new Error("interrupted")));
    const progress = ctx.stderr.isTTY ? progressRenderer(ctx.stderr) : undefined;
    const options = { query, signal: abort.signal, onProgress: progress?.update };
    try {
      const { bytes } = await alli.auditLogs.downloadToFile(out, options);
      progress?.finish();
      ctx.stdout.write(`Wrote ${formatBytes(bytes)} (${bytes} bytes) to ${out}\n`);
      return EXIT.ok;
    } catch (error) {
      progress?.finish();
      if (error instanceof InvalidInputError) throw new UsageError(asFlagMessage(error));
      if (!(error instanceof APIUserAbortError && abort.signal.aborted)) throw error;
      ctx.stderr.write(`alli: interrupted; ${out} was not written\n`);
      return EXIT.interrupted;
    } finally {
      removeInterrupt();
    }
  },
};
