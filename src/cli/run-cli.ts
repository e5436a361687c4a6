/**
 * The `alli` dispatcher: picks the command named by the leading words, runs it, and turns any
 * error into one `alli: <reason>` line on stderr with exit code 2 (usage) or 1 (failure).
 * A new command is one file exporting a Command, added to COMMANDS.
 */
import { auditLogsExport } from "./audit-logs-export.js";
import { mock } from "./mock.js";
import { verify } from "./verify.js";
import type { CliContext } from "./cli-context.js";
import type { Command } from "./command.js";
import { EXIT, UsageError } from "./usage-error.js";
import { packageRoot } from "../node/package-root.js";

/** Every command, in the order `alli --help` lists them. */
export const COMMANDS: readonly Command[] = [auditLogsExport, mock, verify];

function helpFor(commands: readonly Command[], prefix: string[]): string {
  const width = Math.max(...commands.map((c) => c.name.join(" ").length));
  const lines = commands.map((c) => `  alli ${c.name.join(" ").padEnd(width)}  ${c.summary}`);
  return `Usage: alli ${prefix.length ? `${prefix.join(" ")} ` : ""}<command> [options]\n\nCommands:\n${lines.join("\n")}\n\nRun alli <command> --help for a command's options; alli --version for the SDK's version.`;
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, " ").trim();

/** Runs `alli <args>`; resolves to the process's exit code, never rejects. */
export async function runCli(args: string[], ctx: CliContext): Promise<number> {
  try {
    if (args[0] === "--version" || args[0] === "-v") {
      ctx.stdout.write(`${packageRoot().version}\n`);
      return EXIT.ok;
    }
    const command = COMMANDS.find((c) => c.name.every((word, i) => args[i] === word));
    if (command) return await command.run(args.slice(command.name.length), ctx);
    const words = args.filter((a) => !a.startsWith("-"));
    const wantsHelp = args.includes("--help") || args.includes("-h");
    // The longest run of leading words some command starts with: `alli audit-logs` lists its subcommands.
    let depth = 0;
    while (depth < words.length && COMMANDS.some((c) => words.slice(0, depth + 1).every((w, i) => c.name[i] === w))) depth++;
    const prefix = words.slice(0, depth);
    const matching = COMMANDS.filter((c) => prefix.every((w, i) => c.name[i] === w));
    if (wantsHelp && words.length === depth) {
      ctx.stdout.write(`${helpFor(matching, prefix)}\n`);
      return EXIT.ok;
    }
    const unknown = words[depth];
    const reason =
      unknown !== undefined ? `unknown command ${JSON.stringify([...prefix, unknown].join(" "))}` : prefix.length ? `"${prefix.join(" ")}" needs a command` : "no command given";
    throw new UsageError(`${reason}; commands: ${matching.map((c) => c.name.join(" ")).join(", ")} (alli --help)`);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string })?.code?.startsWith("ERR_PARSE_ARGS");
    const message = error instanceof Error ? error.message : String(error);
    ctx.stderr.write(`alli: ${oneLine(message)}\n`);
    return usage ? EXIT.usage : EXIT.failure;
  }
}
