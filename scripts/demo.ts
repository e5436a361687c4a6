/**
 * `npm run demo`: builds the package and runs the examples in examples/ as a user would. With no
 * ALLI_API_KEY it serves them a Prism mock of the bundled spec on a free loopback port and stops
 * it afterwards; with ALLI_API_KEY it runs the read-only examples against the real API.
 */
import { execFileSync, spawn } from "node:child_process";
import { join } from "node:path";
import { startPrism, type PrismServer } from "../src/node/prism-server.js";
import { ROOT } from "./lib/paths.js";

const EXAMPLES = [
  { file: "page-through-conversations.ts", title: "Page through conversations", readOnly: true },
  { file: "stream-generative-answer.ts", title: "Stream a generative answer", readOnly: false },
  { file: "export-audit-logs.ts", title: "Export audit logs to a file, with progress", readOnly: true },
];

function run(file: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "examples", file)], {
      cwd: ROOT,
      env,
      stdio: "inherit",
    });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

console.log("Building the package (tsup)…");
execFileSync(process.execPath, [join(ROOT, "node_modules", "tsup", "dist", "cli-default.js"), "--silent"], {
  cwd: ROOT,
  stdio: "inherit",
});

const live = Boolean(process.env.ALLI_API_KEY);
let mock: PrismServer | undefined;
const stop = async () => {
  await mock?.close();
  mock = undefined;
};
process.once("SIGINT", () => void stop().then(() => process.exit(130)));

let failed = 0;
try {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (live) {
    console.log("ALLI_API_KEY is set: running the read-only examples against the Alli API.\n");
  } else {
    mock = await startPrism();
    env.ALLI_API_KEY = "demo-key";
    env.ALLI_BASE_URL = mock.url;
    console.log(`No ALLI_API_KEY: serving the examples a Prism mock of the bundled spec at ${mock.url}.\n`);
  }
  for (const example of EXAMPLES.filter((e) => !live || e.readOnly)) {
    console.log(`▶ ${example.title} (examples/${example.file})`);
    const code = await run(example.file, env);
    if (code !== 0) failed++;
    console.log(code === 0 ? "" : `✗ examples/${example.file} exited with code ${code}\n`);
  }
} finally {
  await stop();
}
console.log(failed ? `${failed} example(s) failed` : "All examples ran; the mock server is stopped.");
process.exitCode = failed ? 1 : 0;
