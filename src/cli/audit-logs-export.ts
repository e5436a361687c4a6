/** `alli audit-logs export`: downloads the audit-log CSV to a file, with a progress bar on a terminal. */
import { parseArgs } from "node:util";
import { APIUserAbortError, InvalidInputError, type AuditLogsQuery } from "../index.js";
import type { CliContext } from "./cli-context.js";
import { CLIENT_ENV_HELP, CLIENT_FLAGS, CLIENT_FLAGS_HELP, clientFromFlags, helpRows } from "./client-flags.js";
import type { Command } from "./command.js";
import { formatBytes, progressRenderer } from "./progress-line.js";
import { EXIT, UsageError } from "./usage-error.js";

/** The query flags, by the query parameter each one sets. */
const QUERY_FLAGS = {
  createdAt: "created-at",
  beforeRange: "before-range",
  email: "email",
  apiRequestType: "api-request-type",
  params: "params",
} as const satisfies Record<keyof AuditLogsQuery, string>;

const OPTIONS = {
  out: { type: "string", short: "o" },
  "created-at": { type: "string" },
  "before-range": { type: "string" },
  email: { type: "string" },
  "api-request-type": { type: "string" },
  params: { type: "string", multiple: true },
  ...CLIENT_FLAGS,
  help: { type: "boolean", short: "h" },
} as const;

const USAGE = `Usage: alli audit-logs export --out FILE [options]

Downloads every audit log of a range of up to 31 days as one CSV file. The file appears
at FILE only once the download is complete; until then it is written to a hidden
.FILE.<random>.partial beside it, which is removed if the download fails or is interrupted.

Options:
${helpRows([
  ["-o, --out FILE", "where to write the CSV (required; replaced if it exists)"],
  ["--created-at DATE-TIME", "the end of the range (UTC), RFC 3339, e.g. 2026-01-31T00:00:00Z"],
  ["--before-range DAYS", "days before --created-at, 1 to 31 (default 31)"],
  ["--email EMAIL", "only the logs of this agent"],
  ["--api-request-type TYPE", "only rest or graphql requests"],
  ["--params LIST", "extra columns: variables, query, body (comma-separated or repeated)"],
  ...CLIENT_FLAGS_HELP,
  ["-h, --help", "show this help"],
])}

${CLIENT_ENV_HELP}

A progress bar goes to stderr when it is a terminal; otherwise only the result line is printed.
Exit codes: 0 done, 1 the download failed, 2 usage error, 130 interrupted (Ctrl-C).`;

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K] extends { multiple: true } ? string[] : (typeof OPTIONS)[K] extends { type: "boolean" } ? boolean : string };

function queryFrom(values: Values): AuditLogsQuery {
  const query: AuditLogsQuery = {};
  if (values["created-at"] !== undefined) query.createdAt = values["created-at"];
  const days = values["before-range"];
  if (days !== undefined) {
    if (!/^[+-]?\d+(\.\d+)?$/.test(days.trim())) throw new UsageError(`--before-range: must be a number of days from 1 to 31, got ${JSON.stringify(days)}`);
    query.beforeRange = Number(days);
  }
  if (values.email !== undefined) query.email = values.email;
  if (values["api-request-type"] !== undefined) query.apiRequestType = values["api-request-type"];
  if (values.params) query.params = values.params.flatMap((p) => p.split(",")).map((p) => p.trim()).filter(Boolean) as AuditLogsQuery["params"];
  return query;
}

/** The SDK's field (`query.beforeRange`, `query.params[1]`, `path`) as the flag the user typed. */
function asFlagMessage({ field, rule, message }: InvalidInputError): string {
  if (field === "path") return `--out: ${rule}`;
  const [, name, rest] = /^query\.(\w+)(.*)$/.exec(field) ?? [];
  const flag = name && QUERY_FLAGS[name as keyof typeof QUERY_FLAGS];
  return flag ? `--${flag}${rest}: ${rule}` : message;
}

async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }) as { values: Values };
  if (values.help) {
    ctx.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const out = values.out;
  if (!out) throw new UsageError("--out FILE is required (see alli audit-logs export --help)");
  const query = queryFrom(values);
  const alli = clientFromFlags(values, ctx);

  const controller = new AbortController();
  const removeInterrupt = ctx.onInterrupt(() => controller.abort(new Error("interrupted")));
  const progress = ctx.stderr.isTTY ? progressRenderer(ctx.stderr) : undefined;
  try {
    const result = await alli.auditLogs.downloadToFile(out, { query, signal: controller.signal, onProgress: progress?.update });
    progress?.finish();
    ctx.stdout.write(`Wrote ${formatBytes(result.bytes)} (${result.bytes} bytes) to ${out}\n`);
    return EXIT.ok;
  } catch (error) {
    progress?.finish();
    if (error instanceof InvalidInputError) throw new UsageError(asFlagMessage(error));
    if (error instanceof APIUserAbortError && controller.signal.aborted) {
      ctx.stderr.write(`alli: interrupted; ${out} was not written\n`);
      return EXIT.interrupted;
    }
    throw error;
  } finally {
    removeInterrupt();
  }
}

/** The `alli audit-logs export` command. */
export const auditLogsExport: Command = {
  name: ["audit-logs", "export"],
  summary: "download the audit-log CSV to a file",
  run,
};
