/** Whether this is Node.js, where the Node-only parts under src/node/ may be loaded. */
export const isNode = (): boolean => typeof process !== "undefined" && Boolean(process.versions?.node);
