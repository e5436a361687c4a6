/** The contract between the dispatcher and its commands. */
import { parseArgs, type ParseArgsConfig } from "node:util";

/** What a command reads and writes, passed in so that commands run in-process in tests too. */
export interface CliContext {
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** Registers a handler for Ctrl-C (and SIGTERM) for the command's duration; returns its remover. */
  onInterrupt(handler: () => void): () => void;
}

export interface Command {
  /** The words that select it, e.g. `["audit-logs", "export"]`. */
  name: readonly string[];
  summary: string;
  /** Runs with the arguments after its words; resolves to the exit code. */
  run(args: string[], ctx: CliContext): Promise<number>;
}

/** A command line the CLI cannot run: one line on stderr, exit code 2. */
export class UsageError extends Error {}

export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

type Options = ParseArgsConfig["options"];
export type Flags<O extends Options> = ReturnType<typeof parseArgs<{ options: O; strict: true }>>["values"];

/** `args` parsed strictly against `options`, or undefined once `-h`/`--help` has printed `usage`. */
export function parseFlags<O extends Options>(args: string[], options: O, usage: string, ctx: CliContext) {
  const { values } = parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" } }, strict: true });
  if (!("help" in values)) return values;
  ctx.stdout.write(`${usage}\n`);
}
