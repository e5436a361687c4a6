/** `alli mock [--port N]`: serves a Prism mock of the bundled spec until Ctrl-C, for users' own tests. */
import { parseArgs } from "node:util";
import { redactText } from "../errors/redact.js";
import { startPrism } from "../node/prism-server.js";
import type { CliContext } from "./cli-context.js";
import type { Command } from "./command.js";
import { EXIT, UsageError } from "./usage-error.js";

const USAGE = `Usage: alli mock [--port N] [--host HOST]

Serves a mock of the Alli API from the spec bundled with this SDK (Prism, which validates every
request against the spec and answers from its examples), until Ctrl-C. Point the SDK at it with
createAlliClient({ apiKey: "any", baseUrl: "http://127.0.0.1:N" }) or ALLI_BASE_URL.
Needs @stoplight/prism-cli (npm install --save-dev @stoplight/prism-cli).

Options:
  -p, --port N      port to listen on (default: a free one, printed)
      --host HOST   address to listen on (default 127.0.0.1)
  -h, --help        this help`;

export const mock: Command = {
  name: ["mock"],
  summary: "serve a validating mock of the Alli API (Prism on the bundled spec) until Ctrl-C",
  async run(args: string[], ctx: CliContext): Promise<number> {
    const { values } = parseArgs({ args, options: { port: { type: "string", short: "p" }, host: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true });
    if (values.help) {
      ctx.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65_536)) {
      throw new UsageError(`--port: must be a whole number from 1 to 65535, got ${JSON.stringify(values.port)}`);
    }
    // Each violation on one line: what a user's CI log needs to see why the mock refused a call.
    const server = await startPrism({ port, host: values.host, onViolation: (violation) => ctx.stderr.write(`alli mock: violation: ${redactText(violation)}\n`) });
    ctx.stdout.write(`Alli API mock listening on ${server.url} (Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => {
      const remove = ctx.onInterrupt(() => {
        remove();
        resolve();
      });
    });
    await server.close();
    ctx.stdout.write("mock stopped\n");
    return EXIT.ok;
  },
};
