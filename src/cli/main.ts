#!/usr/bin/env node
/** The `alli` command line (package bin, built to dist/cli.js): `alli --help`. */
import { processContext } from "./cli-context.js";
import { runCli } from "./run-cli.js";

void runCli(process.argv.slice(2), processContext()).then((code) => {
  process.exitCode = code;
});
