#!/usr/bin/env node
/** The `alli` command line (package bin, built to dist/cli.js), bound to the real process. */
import type { CliContext } from "./command.js";
import { runCli } from "./run-cli.js";

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

const processContext: CliContext = {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  onInterrupt(handler) {
    // The first signal lets the command clean up; a second one means "now": exit at once.
    let received = 0;
    const listener = () => (++received > 1 ? process.exit(130) : handler());
    for (const signal of SIGNALS) process.on(signal, listener);
    return () => SIGNALS.forEach((signal) => process.off(signal, listener));
  },
};

void runCli(process.argv.slice(2), processContext).then((code) => (process.exitCode = code));
