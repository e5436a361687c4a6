/** The flags every API command shares (`--region`, `--base-url`), and the client they make. */
import { servers } from "../../generated/operations.js";
import { createAlliClient, InvalidInputError, type AlliClient } from "../index.js";
import type { CliContext } from "./cli-context.js";
import { UsageError } from "./usage-error.js";

/** parseArgs option definitions for the client flags. */
export const CLIENT_FLAGS = {
  region: { type: "string" },
  "base-url": { type: "string" },
} as const;

/** The --help rows for the client flags: [flag, what it does]. */
export const CLIENT_FLAGS_HELP: ReadonlyArray<readonly [string, string]> = [
  [`--region ${servers.map((s) => s.region).join("|")}`, `the API's region (default ${servers[0].region})`],
  ["--base-url URL", "another server (a proxy, a mock); overrides --region"],
];

/** The --help section on the environment the client flags read. */
export const CLIENT_ENV_HELP = "Environment:\n  ALLI_API_KEY                your project's API key (required; never printed)";

/** Help rows as aligned lines. */
export const helpRows = (rows: ReadonlyArray<readonly [string, string]>) => rows.map(([flag, text]) => `  ${flag.padEnd(26)}  ${text}`).join("\n");

/** A client from the flags and ALLI_API_KEY; UsageError for a bad flag or a missing key. */
export function clientFromFlags(values: { region?: string; "base-url"?: string }, ctx: CliContext): AlliClient {
  const apiKey = ctx.env.ALLI_API_KEY?.trim();
  if (!apiKey) throw new UsageError("ALLI_API_KEY is not set: export ALLI_API_KEY=<your project's API key>");
  const region = values.region;
  if (region !== undefined && !servers.some((s) => s.region === region)) {
    throw new UsageError(`--region: must be one of ${servers.map((s) => s.region).join(", ")}, got ${JSON.stringify(region)}`);
  }
  const baseUrl = values["base-url"];
  try {
    return createAlliClient({ apiKey, region: region as (typeof servers)[number]["region"] | undefined, baseUrl });
  } catch (error) {
    // The SDK's own check of baseUrl, which never shows a password, as a usage error of the flag.
    if (error instanceof InvalidInputError && error.field === "baseUrl") throw new UsageError(`--base-url: ${error.rule}`);
    throw error;
  }
}
