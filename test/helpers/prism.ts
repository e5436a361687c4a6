/** The test suite starts Prism through the SDK's own launcher (src/node/prism-server.ts). */
export { startPrism, freePort, bundledSpecPath, type PrismOptions, type PrismServer } from "../../src/node/prism-server.js";
import { bundledSpecPath } from "../../src/node/prism-server.js";

export const SPEC_PATH = bundledSpecPath();
