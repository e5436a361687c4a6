import { join } from "node:path";
import { loadSources } from "../../scripts/lib/sources.js";
import { ROOT } from "./spec.js";

/** The committed upstream fragments and extra operations, before any correction. */
export const sources = () => loadSources(join(ROOT, "openapi", "fragments"), join(ROOT, "openapi", "extra"));
