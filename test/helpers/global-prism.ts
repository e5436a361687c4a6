/** One Prism mock of the merged spec for the whole run; tests read its URL with inject("prismUrl"). */
import type { TestProject } from "vitest/node";
import { startPrism, type PrismServer } from "../../src/node/prism-server.js";

let prism: PrismServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  prism = await startPrism();
  project.provide("prismUrl", prism.url);
}

export async function teardown(): Promise<void> {
  await prism?.close();
}

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}
