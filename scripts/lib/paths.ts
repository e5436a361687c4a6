import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where each stage of the spec pipeline reads and writes, relative to the project root.
 * ALLI_SPEC_ROOT points the pipeline at another copy of openapi/ and generated/ (the tests run
 * the whole chain in a scratch copy that way).
 */
export const ROOT = process.env.ALLI_SPEC_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The project itself: its tools and lint configuration, wherever the spec files are. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const PAGES_DIR = join(ROOT, "openapi", "pages");
export const FRAGMENTS_DIR = join(ROOT, "openapi", "fragments");
export const EXTRA_DIR = join(ROOT, "openapi", "extra");
export const OVERLAY_FILE = join(ROOT, "openapi", "overlay.yaml");
export const SPEC_FILE = join(ROOT, "openapi", "alli.openapi.json");
/** Each operation's method name, by method and path: the names users call, kept across upstream renames. */
export const NAMES_FILE = join(ROOT, "openapi", "operation-names.json");
export const GENERATED_DIR = join(ROOT, "generated");
