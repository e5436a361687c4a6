#!/usr/bin/env node
/** The `alli` command line (package bin, built to dist/cli.js), bound to the real process. */
import { runCli } from "./run-cli.js";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const; // SIGHUP: the terminal closed
const onInterrupt = (handler: () => void) => {
  // The first signal lets the command clean up; a second one means "now": exit at once.
  let received = 0;
  const listener = () => (++received > 1 ? process.exit(130) : handler());
  for (const signal of SIGNALS) process.on(signal, listener);
  return () => SIGNALS.forEach((signal) => process.off(signal, listener));
};
const ctx = { env: process.env, stdout: process.stdout, stderr: process.stderr, onInterrupt };
void runCli(process.argv.slice(2), ctx).then((code) => (process.exitCode = code));
