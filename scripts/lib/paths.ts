import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where each stage of the spec pipeline reads and writes, relative to the project root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const PAGES_DIR = join(ROOT, "openapi", "pages");
export const FRAGMENTS_DIR = join(ROOT, "openapi", "fragments");
export const EXTRA_DIR = join(ROOT, "openapi", "extra");
export const OVERLAY_FILE = join(ROOT, "openapi", "overlay.yaml");
export const SPEC_FILE = join(ROOT, "openapi", "alli.openapi.json");
export const GENERATED_DIR = join(ROOT, "generated");
