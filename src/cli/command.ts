/** What the dispatcher needs of a command: the words that select it, its help, and its run. */
import type { CliContext } from "./cli-context.js";

export interface Command {
  /** The words that select it, e.g. `["audit-logs", "export"]`. */
  name: readonly string[];
  /** One line for `alli --help`. */
  summary: string;
  /** Runs with the arguments after the command's words (its own `--help` included); returns the exit code. */
  run(args: string[], ctx: CliContext): Promise<number>;
}
