/** A fresh temporary directory per test, removed in teardown, and what a download left in it. */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";

/** Registers teardown; call `make()` in a test to get a new directory. */
export function useTempDirs(): { make(): string } {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    make() {
      const dir = mkdtempSync(join(tmpdir(), "alli-audit-"));
      dirs.push(dir);
      return dir;
    },
  };
}

/** The names in a directory, sorted: a failed download must leave none (no partial file either). */
export const filesIn = (dir: string) => readdirSync(dir).sort();
