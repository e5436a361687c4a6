/**
 * A Chromium for the browser test with nothing installed by hand: the one `npm ci` brings
 * (@sparticuz/chromium ships it inside the package and unpacks it on first use), else the one
 * CHROME_PATH names, else a system Chromium. Returns how to launch it, or why none was found.
 */
import { existsSync } from "node:fs";

export interface FoundChromium {
  executablePath: string;
  args: string[];
  source: string;
}

// The browser test checks what a real browser enforces (CORS among it): these flags would hide it.
const HIDES_WHAT_WE_TEST = new Set(["--disable-web-security", "--allow-running-insecure-content"]);
const SYSTEM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
const PLAIN_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

export async function findChromium(): Promise<FoundChromium | { missing: string }> {
  const tried: string[] = [];
  try {
    const { default: packaged } = await import("@sparticuz/chromium");
    const executablePath = await packaged.executablePath();
    if (existsSync(executablePath)) return { executablePath, args: packaged.args.filter((arg) => !HIDES_WHAT_WE_TEST.has(arg)), source: "@sparticuz/chromium" };
    tried.push(`@sparticuz/chromium unpacked nothing at ${executablePath}`);
  } catch (error) {
    tried.push(`@sparticuz/chromium: ${(error as Error).message}`);
  }
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return { executablePath: fromEnv, args: PLAIN_ARGS, source: "CHROME_PATH" };
    tried.push(`CHROME_PATH=${fromEnv} does not exist`);
  }
  const system = SYSTEM_PATHS.find((path) => existsSync(path));
  if (system) return { executablePath: system, args: PLAIN_ARGS, source: system };
  tried.push(`no system Chromium at ${SYSTEM_PATHS.join(", ")}`);
  return { missing: tried.join("; ") };
}
