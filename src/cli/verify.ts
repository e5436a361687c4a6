/**
 * `alli verify`: does the live API still answer as the spec this SDK was generated from says?
 * Sends every GET it can fill (never a write; see verify-plan.ts), checks each answer against the
 * spec in process (node/answer-check.ts), and prints one line per operation.
 */
import { parseArgs } from "node:util";
import { APIError, AlliError } from "../index.js";
import { AnswerChecker } from "../node/answer-check.js";
import type { CliContext } from "./cli-context.js";
import { CLIENT_ENV_HELP, CLIENT_FLAGS, CLIENT_FLAGS_HELP, clientFromFlags, helpRows } from "./client-flags.js";
import type { Command } from "./command.js";
import { EXIT, UsageError } from "./usage-error.js";
import { fill, idsFrom, verifyTargets } from "./verify-plan.js";

const OPTIONS = { ...CLIENT_FLAGS, timeout: { type: "string" }, help: { type: "boolean", short: "h" } } as const;

/** Per attempt: a check should not wait the SDK's default two minutes on a hanging server. */
const DEFAULT_TIMEOUT_MS = 30_000;

const USAGE = `Usage: alli verify [--base-url URL | --region us|ja] [--timeout MS]

Checks the live API against the spec this SDK was generated from: sends every read-only
operation (GET) it can fill (ids from list answers, required parameters and bodies from the
spec's examples) and validates each answer: status, media type and body schema. Never sends
a write. One line per operation:
  <operationId> GET <path>: ok
  <operationId> GET <path>: drift: <JSON pointer> <reason>
  <operationId> GET <path>: skipped: <why>
  <operationId> GET <path>: failed: <status or error>
Exit code: 0 when every answer matches the spec, 1 when any drifts or fails, 2 on a usage error.

Options:
${helpRows([...CLIENT_FLAGS_HELP, ["--timeout MS", `each attempt's limit (default ${DEFAULT_TIMEOUT_MS}); 2 retries as in the SDK`], ["-h, --help", "this help"]])}

${CLIENT_ENV_HELP}`;

async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false });
  if (values.help) {
    ctx.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (values.region !== undefined && values["base-url"] !== undefined) throw new UsageError("--base-url and --region: give one, not both");
  const timeout = values.timeout === undefined ? DEFAULT_TIMEOUT_MS : Number(values.timeout);
  if (!(Number.isInteger(timeout) && timeout > 0)) throw new UsageError(`--timeout: must be a whole number of milliseconds above 0, got ${JSON.stringify(values.timeout)}`);
  const alli = clientFromFlags(values, ctx).withOptions({ timeout });
  const checker = new AnswerChecker();
  const targets = verifyTargets(checker.spec);
  const found = new Map<string, string>();
  const counts = { ok: 0, drift: 0, skipped: 0, failed: 0 };
  for (const target of targets) {
    const label = `${target.operationId} GET ${target.path}`;
    const filled = fill(checker.spec, target, found);
    if ("skip" in filled) {
      counts.skipped++;
      ctx.stdout.write(`${label}: skipped: ${filled.skip}\n`);
      continue;
    }
    let status: number;
    let contentType: string | null;
    let body: string;
    try {
      const answer = await alli.GET(target.path as "/webapi/v2/projects", { ...(filled as object), parseAs: "text" } as never);
      status = answer.response.status;
      contentType = answer.response.headers.get("content-type");
      body = String(answer.data ?? "");
    } catch (error) {
      // An error status the spec does not document is drift; a documented one (a 403 for a key
      // without the permission) means this operation could not be checked.
      const undocumented = error instanceof APIError ? checker.check("get", target.path, { status: error.status, contentType: null, body: "" }).find((d) => d.pointer === "status") : undefined;
      if (undocumented) {
        counts.drift++;
        ctx.stdout.write(`${label}: drift: ${undocumented.pointer} ${undocumented.reason}\n`);
      } else {
        counts.failed++;
        const reason = error instanceof AlliError ? error.message : String(error);
        ctx.stdout.write(`${label}: failed: ${reason.replace(/\s*\n\s*/g, " ")}\n`);
      }
      continue;
    }
    const drifts = checker.check("get", target.path, { status, contentType, body });
    if (drifts.length) {
      counts.drift++;
      const [first] = drifts;
      ctx.stdout.write(`${label}: drift: ${first!.pointer} ${first!.reason}${drifts.length > 1 ? ` (and ${drifts.length - 1} more)` : ""}\n`);
    } else {
      counts.ok++;
      ctx.stdout.write(`${label}: ok\n`);
    }
    if (contentType?.includes("json")) {
      try {
        for (const [name, id] of idsFrom(targets, target, JSON.parse(body), filled.params.path)) if (!found.has(name)) found.set(name, id);
      } catch {
        /* not JSON after all: the drift line said so */
      }
    }
  }
  ctx.stdout.write(`alli verify: ${counts.ok} ok, ${counts.drift} drifted, ${counts.failed} failed, ${counts.skipped} skipped, against ${alli.baseUrl}\n`);
  return counts.drift || counts.failed ? EXIT.failure : EXIT.ok;
}

/** The `alli verify` command. */
export const verify: Command = {
  name: ["verify"],
  summary: "check the live API's answers against the spec (read-only GETs); exit 1 on drift",
  run,
};
