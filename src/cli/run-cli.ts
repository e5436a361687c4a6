/** The `alli` dispatcher: runs the command the leading words name; any error is one `alli: <reason>` line. */
import { redactText, registerSecrets } from "../errors/redact.js";
import { packageRoot } from "../node/prism-server.js";
import { auditLogsExport } from "./audit-logs-export.js";
import { EXIT, UsageError, type CliContext, type Command } from "./command.js";
import { mcp } from "./mcp.js";
import { mock } from "./mock.js";
import { verify } from "./verify.js";

const COMMANDS: readonly Command[] = [auditLogsExport, mcp, mock, verify]; // in the order `alli --help` lists them
const startsWith = (list: readonly string[], prefix: readonly string[]) => prefix.every((word, i) => list[i] === word);

/** Runs `alli <args>`; resolves to the exit code (2 for a usage error, 1 for a failure), never rejects. */
export async function runCli(args: string[], given: CliContext): Promise<number> {
  // Every line the CLI writes is redacted here, whatever printed it (a server's media type, a drift line).
  const redacted = <S extends CliContext["stdout"]>(out: S): S =>
    Object.assign(Object.create(out) as S, { write: (text: string) => out.write(redactText(text)) });
  const ctx = { ...given, stdout: redacted(given.stdout), stderr: redacted(given.stderr) };
  registerSecrets(ctx, [given.env.ALLI_API_KEY]); // for as long as the run's context lives
  try {
    const command = COMMANDS.find((c) => startsWith(args, c.name));
    if (command) return await command.run(args.slice(command.name.length), ctx);
    const words = args.filter((a) => !a.startsWith("-"));
    // The leading words some commands start with (`alli audit-logs`): those are the ones to list.
    let prefix = words;
    while (!COMMANDS.some((c) => startsWith(c.name, prefix))) prefix = prefix.slice(0, -1);
    const matching = COMMANDS.filter((c) => startsWith(c.name, prefix));
    const names = matching.map((c) => c.name.join(" "));
    const version = args[0] === "--version" || args[0] === "-v";
    if (version || ((args.includes("--help") || args.includes("-h")) && prefix.length === words.length)) {
      const width = Math.max(...names.map((name) => name.length));
      const lines = matching.map((c) => `  alli ${c.name.join(" ").padEnd(width)}  ${c.summary}\n`).join("");
      const usage = `Usage: alli ${[...prefix, "<command>"].join(" ")} [options]\n\nCommands:\n${lines}`;
      const more = "Run alli <command> --help for a command's options; alli --version for the SDK's version.";
      ctx.stdout.write(version ? `${packageRoot().version}\n` : `${usage}\n${more}\n`);
      return EXIT.ok;
    }
    const unknown = words[prefix.length];
    let reason = prefix.length ? `"${prefix.join(" ")}" needs a command` : "no command given";
    if (unknown !== undefined) reason = `unknown command ${JSON.stringify([...prefix, unknown].join(" "))}`;
    throw new UsageError(`${reason}; commands: ${names.join(", ")} (alli --help)`);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string })?.code?.startsWith("ERR_PARSE_ARGS");
    const message = error instanceof Error ? error.message : String(error);
    ctx.stderr.write(`alli: ${message.replace(/\s*\n\s*/g, " ").trim()}\n`);
    return usage ? EXIT.usage : EXIT.failure;
  }
}
