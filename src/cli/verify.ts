/** `alli verify`: does the live API still answer as the spec this SDK was generated from says? */
import { AlliError, APIError, type AlliClient } from "../index.js";
import { AnswerChecker, type Answer } from "../node/answer-check.js";
import { CLIENT_FLAGS, CLIENT_HELP, clientFromFlags } from "./client-flags.js";
import { EXIT, parseFlags, UsageError, type Command } from "./command.js";
import { addIds, fill, verifyTargets, type VerifyTarget } from "./verify-plan.js";

const OPTIONS = { ...CLIENT_FLAGS, timeout: { type: "string" } } as const;
/** Per attempt: a check should not wait the SDK's default two minutes on a hanging server. */
const DEFAULT_TIMEOUT_MS = 30_000;

const USAGE = `Usage: alli verify [--base-url URL | --region us|ja] [--timeout MS]

Checks the live API against the spec this SDK was generated from: sends every GET it can fill (ids from
list answers, required parameters and bodies from the spec's examples; never a write) and checks each
answer's status, media type and body schema. One line per operation, then a summary:
  <operationId> GET <path>: ok | drift: <JSON pointer> <reason> | skipped: <why> | failed: <error>

Options:
  --timeout MS                each attempt's limit (default ${DEFAULT_TIMEOUT_MS}); 2 retries as in the SDK
${CLIENT_HELP}
Exit codes: 0 every answer matches the spec, 1 any drifted or failed, 2 usage error.`;

type Outcome = ["ok"] | ["drift" | "skipped" | "failed", string];

/** Checks one target after another, each with the ids that earlier list answers gave. */
function verifier(alli: AlliClient, checker: AnswerChecker, targets: VerifyTarget[]) {
  const found = new Map<string, string>();
  return async (target: VerifyTarget): Promise<Outcome> => {
    const filled = fill(checker.spec, target, found);
    if ("skip" in filled) return ["skipped", filled.skip];
    let answer: Answer;
    try {
      const init = { ...filled, parseAs: "text" } as never;
      const { response, data } = await alli.GET(target.path as "/webapi/v2/projects", init);
      answer = { status: response.status, contentType: response.headers.get("content-type"), body: String(data ?? "") };
    } catch (error) {
      // An error status the spec does not document is drift; a documented one (a 403 for a key
      // without the permission) means this operation could not be checked.
      const status = error instanceof APIError ? { status: error.status, contentType: null, body: "" } : undefined;
      const drift = status && checker.check("get", target.path, status).find((d) => d.pointer === "status");
      if (drift) return ["drift", `${drift.pointer} ${drift.reason}`];
      return ["failed", (error instanceof AlliError ? error.message : String(error)).replace(/\s*\n\s*/g, " ")];
    }
    if (answer.contentType?.includes("json")) {
      try {
        addIds(found, targets, target, JSON.parse(answer.body));
      } catch {
        /* not JSON after all: the check says so */
      }
    }
    const [first, ...more] = checker.check("get", target.path, answer);
    if (!first) return ["ok"];
    return ["drift", `${first.pointer} ${first.reason}${more.length ? ` (and ${more.length} more)` : ""}`];
  };
}

export const verify: Command = {
  name: ["verify"],
  summary: "check the live API's answers against the spec (read-only GETs); exit 1 on drift",
  async run(args, ctx) {
    const values = parseFlags(args, OPTIONS, USAGE, ctx);
    if (!values) return EXIT.ok;
    if (values.region !== undefined && values["base-url"] !== undefined)
      throw new UsageError("--base-url and --region: give one, not both");
    const timeout = Number(values.timeout ?? DEFAULT_TIMEOUT_MS);
    if (!(Number.isInteger(timeout) && timeout > 0))
      throw new UsageError(
        `--timeout: must be a whole number of milliseconds above 0, got ${JSON.stringify(values.timeout)}`,
      );
    const alli = clientFromFlags(values, ctx).withOptions({ timeout });
    const checker = new AnswerChecker();
    const targets = verifyTargets(checker.spec);
    const verifyOne = verifier(alli, checker, targets);
    const counts = { ok: 0, drift: 0, skipped: 0, failed: 0 };
    for (const target of targets) {
      const [outcome, detail] = await verifyOne(target);
      counts[outcome]++;
      ctx.stdout.write(`${target.operationId} GET ${target.path}: ${outcome}${detail ? `: ${detail}` : ""}\n`);
    }
    const { ok, drift, failed, skipped } = counts;
    const summary = `${ok} ok, ${drift} drifted, ${failed} failed, ${skipped} skipped, against ${alli.baseUrl}`;
    ctx.stdout.write(`alli verify: ${summary}\n`);
    return drift || failed ? EXIT.failure : EXIT.ok;
  },
};
