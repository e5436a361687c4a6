/**
 * `alli-sdk/testing` (Node.js): Prism serving this SDK's spec as a validating mock for your tests, answering from its
 * examples; the SDK's error lists why it refused a request. Needs `@stoplight/prism-cli`. @module alli-sdk/testing
 */
import { startPrism } from "./node/prism-server.js";

export interface MockOptions {
  /** The port to listen on (loopback); default a free one. A port in use fails at once, saying so. */
  port?: number;
  /** The OpenAPI file to serve; default the spec bundled with the SDK. */
  spec?: string;
}
/** A running mock. */
export interface Mock {
  /** Its base URL: pass it as `baseUrl` to createAlliClient (or set ALLI_BASE_URL). */
  url: string;
  /** Stops it (and its process); resolves once it has exited. */
  close(): Promise<void>;
}
/** Starts the mock on a loopback port; resolves once it accepts requests. */
export async function startMock({ port, spec }: MockOptions = {}): Promise<Mock> {
  const server = await startPrism({ port, spec });
  return { url: server.url, close: () => server.close() };
}
