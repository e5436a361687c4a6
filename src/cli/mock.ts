/** `alli mock`: serves a Prism mock of the bundled spec until Ctrl-C, for users' own tests. */
import { redactText } from "../errors/redact.js";
import { startPrism } from "../node/prism-server.js";
import { EXIT, parseFlags, portFlag, type Command } from "./command.js";

const OPTIONS = { port: { type: "string", short: "p" }, host: { type: "string" } } as const;
const USAGE = `Usage: alli mock [--port N] [--host HOST]

Serves a mock of the Alli API until Ctrl-C: Prism on the spec bundled with this SDK, answering from its
examples and refusing any request that breaks it (each violation on stderr). Point the SDK at it with
baseUrl or ALLI_BASE_URL. Needs Prism: npm install --save-dev @stoplight/prism-cli

Options:
  -p, --port N                port to listen on (default: a free one, printed)
  --host HOST                 address to listen on (default 127.0.0.1)`;

export const mock: Command = {
  name: ["mock"],
  summary: "serve a validating mock of the Alli API (Prism on the bundled spec) until Ctrl-C",
  async run(args, ctx) {
    const values = parseFlags(args, OPTIONS, USAGE, ctx);
    if (!values) return EXIT.ok;
    const port = portFlag("port", values.port, 1);
    // One line per violation: what a user's CI log needs to see why the mock refused a call.
    const onViolation = (violation: string) => ctx.stderr.write(`alli mock: violation: ${redactText(violation)}\n`);
    const server = await startPrism({ port, host: values.host, onViolation });
    ctx.stdout.write(`Alli API mock listening on ${server.url} (Ctrl-C to stop)\n`);
    let stopWaiting = () => {};
    await new Promise<void>((resolve) => (stopWaiting = ctx.onInterrupt(resolve)));
    stopWaiting();
    await server.close();
    ctx.stdout.write("mock stopped\n");
    return EXIT.ok;
  },
};
