/**
 * The layers of src/, as folders (src/README.md says what each holds), checked by `npm run lint:deps`:
 *
 *   cli/                       commands: the public API, the Node adapters, redaction
 *   mcp/                       `alli mcp`'s server (loaded by its command only): as cli/, plus the operation metadata
 *   index.ts, client.ts, testing.ts   the public facades
 *   features/                  methods, pagination, streaming, audit logs
 *   node/                      what only Node has: its wires, files, the CSV reader, Prism
 *   core/                      options, headers, input checks, the request lifecycle
 *   errors/                    the error classes, their factory, redaction
 *   generated/                 from the spec, and the CSV scanner's WebAssembly from its .wat
 *
 * Each uses only the layers below it (features load node/ adapters lazily; the facades choose the
 * wire), and no module imports a circle.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", from: { path: "^src" }, to: { circular: true } },
    {
      name: "errors-import-nothing-above",
      comment: "The errors and redaction layer imports nothing from transport, features, adapters or commands.",
      severity: "error",
      from: { path: "^src/errors/" },
      to: { path: "^src/(core|features|node|cli|mcp)/|^src/[^/]+\\.ts$" },
    },
    {
      name: "core-imports-only-errors",
      comment: "The request core knows no feature, adapter, command or facade: the facade hands it its wires.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: "^src/(features|node|cli|mcp)/|^src/[^/]+\\.ts$" },
    },
    {
      name: "node-adapters-import-no-feature",
      comment: "Node adapters import no feature, command or facade.",
      severity: "error",
      from: { path: "^src/node/" },
      to: { path: "^src/(features|cli|mcp)/|^src/[^/]+\\.ts$" },
    },
    {
      name: "features-import-no-facade",
      comment: "Nothing below the public facades imports them; features never reach the CLI.",
      severity: "error",
      from: { path: "^src/features/" },
      to: { path: "^src/(cli|mcp)/|^src/[^/]+\\.ts$" },
    },
    {
      name: "cli-uses-the-public-api",
      comment: "Commands use the public API (and the Node adapters, redaction), never the core or a feature directly.",
      severity: "error",
      from: { path: "^src/cli/" },
      to: { path: "^src/(core|features)/|^src/client\\.ts$" },
    },
    {
      name: "facades-never-import-the-cli",
      severity: "error",
      from: { path: "^src/[^/]+\\.ts$" },
      to: { path: "^src/(cli|mcp)/" },
    },
    {
      name: "only-the-mcp-command-loads-the-mcp-server",
      comment: "The MCP server imports the optional MCP SDK: only `alli mcp` may load it, so nothing else needs it.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(mcp/|cli/mcp\\.ts$)" },
      to: { path: "^src/mcp/" },
    },
    {
      name: "mcp-uses-the-public-api",
      comment:
        "As the commands, plus two read-only parts of the core: the operation metadata (the tools come from it) and " +
        "the retry policy's rule of what may be sent twice (a tool's idempotentHint says the same as the SDK's retries).",
      severity: "error",
      from: { path: "^src/mcp/" },
      to: { path: "^src/(features|cli)/|^src/client\\.ts$|^src/core/(?!(operations|retry-policy)\\.ts$)" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^(test|bench|scripts|examples)/" },
  },
};
