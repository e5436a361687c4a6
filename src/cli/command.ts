/** What the dispatcher and its commands share: the context, the contract, flag parsing and the client flags. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { servers } from "../../generated/operations.js";
import { createAlliClient, InvalidInputError, type AlliClient, type ClientOptions } from "../index.js";

/** What a command reads and writes, passed in so that commands run in-process in tests too. */
export interface CliContext {
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** Registers a handler for Ctrl-C (and SIGTERM) for the command's duration; returns its remover. */
  onInterrupt(handler: () => void): () => void;
}
/** `name`: the words that select it; `run` gets the arguments after them and resolves to the exit code. */
export type Command = { name: string[]; summary: string; run(args: string[], ctx: CliContext): Promise<number> };
/** A command line the CLI cannot run: one line on stderr, exit code 2. */
export class UsageError extends Error {}
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

type Options = ParseArgsConfig["options"];
/** `args` parsed strictly against `options`, or undefined once `-h`/`--help` has printed `usage`. */
export function parseFlags<O extends Options>(args: string[], options: O, usage: string, ctx: CliContext) {
  const { values } = parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" } }, strict: true });
  if (!("help" in values)) return values;
  ctx.stdout.write(`${usage}\n`);
}
/** A port flag's value: a whole number from `lowest` (0: a free port) to 65535, or undefined when not given. */
export function portFlag(flag: string, value: string | undefined, lowest: 0 | 1): number | undefined {
  const port = value === undefined ? undefined : Number(value);
  if (port === undefined || (Number.isInteger(port) && port >= lowest && port < 65_536)) return port;
  throw new UsageError(`--${flag}: must be a port from ${lowest} to 65535, got ${JSON.stringify(value)}`);
}

export const CLIENT_FLAGS = { region: { type: "string" }, "base-url": { type: "string" } } as const;
const REGIONS: readonly string[] = servers.map((s) => s.region);
export const CLIENT_HELP = `  ${`--region ${REGIONS.join("|")}`.padEnd(26)}  the API's region (default ${REGIONS[0]})
  --base-url URL              another server (a proxy, a mock) instead of the region's
  env ALLI_API_KEY            your project's API key (required; never printed)`;
export function clientFromFlags(values: { region?: string; "base-url"?: string }, ctx: CliContext): AlliClient {
  const apiKey = ctx.env.ALLI_API_KEY?.trim();
  if (!apiKey) throw new UsageError("ALLI_API_KEY is not set: export ALLI_API_KEY=<your project's API key>");
  const { region, "base-url": baseUrl } = values;
  if (region !== undefined && !REGIONS.includes(region))
    throw new UsageError(`--region: must be one of ${REGIONS.join(", ")}, got ${JSON.stringify(region)}`);
  try {
    return createAlliClient({ apiKey, region: region as ClientOptions["region"], baseUrl });
  } catch (error) {
    // The SDK's own check of baseUrl (which never shows a password), as a usage error of the flag.
    if (!(error instanceof InvalidInputError && error.field === "baseUrl")) throw error;
    throw new UsageError(`--base-url: ${error.rule}`);
  }
}
