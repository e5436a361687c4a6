/**
 * A Chromium for the browser test with nothing installed by hand, in order of preference: the one
 * `npm ci` brings (@sparticuz/chromium ships it inside the package and unpacks it on first use),
 * the one CHROME_PATH names, a system Chromium. The test launches the first that starts.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

interface Candidate {
  executablePath: string;
  args: string[];
  source: string;
}

// The browser test checks what a real browser enforces (CORS among it): these flags would hide it.
const HIDES_WHAT_WE_TEST = new Set(["--disable-web-security", "--allow-running-insecure-content"]);
const SYSTEM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
const PLAIN_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

async function candidates(tried: string[]): Promise<Candidate[]> {
  const found: Candidate[] = [];
  try {
    const { default: packaged } = await import("@sparticuz/chromium");
    const executablePath = await packaged.executablePath();
    if (existsSync(executablePath))
      found.push({
        executablePath,
        args: packaged.args.filter((arg) => !HIDES_WHAT_WE_TEST.has(arg)),
        source: "@sparticuz/chromium",
      });
    else tried.push(`@sparticuz/chromium unpacked nothing at ${executablePath}`);
  } catch (error) {
    tried.push(`@sparticuz/chromium: ${(error as Error).message}`);
  }
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) found.push({ executablePath: fromEnv, args: PLAIN_ARGS, source: "CHROME_PATH" });
    else tried.push(`CHROME_PATH=${fromEnv} does not exist`);
  }
  const system = SYSTEM_PATHS.find((path) => existsSync(path));
  if (system) found.push({ executablePath: system, args: PLAIN_ARGS, source: system });
  else tried.push(`no system Chromium at ${SYSTEM_PATHS.join(", ")}`);
  return found;
}

/** Launches the first Chromium that starts; fails saying what was tried. */
export async function launchChromium(): Promise<Browser> {
  const tried: string[] = [];
  for (const candidate of await candidates(tried)) {
    try {
      return await chromium.launch({ executablePath: candidate.executablePath, args: candidate.args });
    } catch (error) {
      tried.push(
        `${candidate.source} (${candidate.executablePath}) did not start: ${(error as Error).message.split("\n")[0]}`,
      );
    }
  }
  throw new Error(`no Chromium for the browser test: ${tried.join("; ")}`);
}
