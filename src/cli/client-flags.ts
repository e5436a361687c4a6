/** The flags every API command shares (`--region`, `--base-url`), their help, and the client they make. */
import { servers } from "../../generated/operations.js";
import { createAlliClient, InvalidInputError, type AlliClient, type ClientOptions } from "../index.js";
import { UsageError, type CliContext } from "./command.js";

export const CLIENT_FLAGS = { region: { type: "string" }, "base-url": { type: "string" } } as const;
const REGIONS = servers.map((s) => s.region);
const REGION_FLAG = `--region ${REGIONS.join("|")}`.padEnd(26);
/** The --help rows of the client flags and of the environment they read. */
export const CLIENT_HELP = `  ${REGION_FLAG}  the API's region (default ${servers[0].region})
  --base-url URL              another server (a proxy, a mock) instead of the region's
  env ALLI_API_KEY            your project's API key (required; never printed)`;

/** A client from the flags and ALLI_API_KEY; UsageError for a bad flag or a missing key. */
export function clientFromFlags(values: { region?: string; "base-url"?: string }, ctx: CliContext): AlliClient {
  const apiKey = ctx.env.ALLI_API_KEY?.trim();
  if (!apiKey) throw new UsageError("ALLI_API_KEY is not set: export ALLI_API_KEY=<your project's API key>");
  const { region, "base-url": baseUrl } = values;
  if (region !== undefined && !servers.some((s) => s.region === region))
    throw new UsageError(`--region: must be one of ${REGIONS.join(", ")}, got ${JSON.stringify(region)}`);
  try {
    return createAlliClient({ apiKey, region: region as ClientOptions["region"], baseUrl });
  } catch (error) {
    // The SDK's own check of baseUrl (which never shows a password), as a usage error of the flag.
    if (!(error instanceof InvalidInputError && error.field === "baseUrl")) throw error;
    throw new UsageError(`--base-url: ${error.rule}`);
  }
}
