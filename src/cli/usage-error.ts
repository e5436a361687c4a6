/** A command line the CLI cannot run: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Exit codes: 0 success, 1 a failure while running, 2 a usage error, 130 interrupted (Ctrl-C). */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;
