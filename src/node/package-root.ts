/** Node only: the SDK's own package folder (beside src/ in the repo, beside dist/ when installed). */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder of the package.json named alli-sdk, and its version. */
export function packageRoot(): { dir: string; version: string } {
  for (let dir = dirname(fileURLToPath(import.meta.url)), i = 0; i < 4; i++, dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (manifest.name === "alli-sdk") return { dir, version: manifest.version ?? "unknown" };
  }
  throw new Error("the alli-sdk package folder was not found beside the SDK");
}

export const bundledSpecPath = (): string => join(packageRoot().dir, "openapi", "alli.openapi.json");
