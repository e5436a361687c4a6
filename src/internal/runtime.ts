/** Which runtime this is: Node.js itself, Bun, Deno (both also answer to `process.versions.node`), or another (browsers, workers). */
export type RuntimeKind = "node" | "bun" | "deno" | "other";

export function runtimeKind(): RuntimeKind {
  if (typeof process === "undefined" || !process.versions?.node) return "other";
  // Cloudflare Workers with nodejs_compat answer to process.versions.node, without Node's sockets.
  if (typeof navigator !== "undefined" && navigator.userAgent === "Cloudflare-Workers") return "other";
  if (process.versions.bun) return "bun";
  if ((process.versions as Record<string, string | undefined>).deno) return "deno";
  return "node";
}

/** Whether the Node-only parts under src/node/ may be loaded (Node.js, and the runtimes that provide its modules). */
export const isNode = (): boolean => runtimeKind() !== "other";
