/** Node only: the wire on an undici Dispatcher (a pool, the caller's own, or a proxy agent); the SDK does redirects. */
import { Agent, EnvHttpProxyAgent, type Dispatcher } from "undici";
import type { ProxySettings } from "../core/options.js";
import type { Wire } from "../core/wire.js";
import { ACCEPT_ENCODING, nodeAnswer, sendable } from "./http-wire.js";

export function createDispatcher({ httpProxy, httpsProxy, noProxy }: ProxySettings): Dispatcher {
  if (!httpProxy && !httpsProxy) return new Agent();
  // Empty strings, not undefined: the agent would read process.env again; the settings are those read at creation.
  return new EnvHttpProxyAgent({ httpProxy: httpProxy ?? "", httpsProxy: httpsProxy ?? "", noProxy: noProxy ?? "" });
}
/** The attempt itself is the request's signal. */
export function undiciWire(dispatcher: Dispatcher): Wire {
  return async ({ origin, path, method, ...request }, signal) => {
    const { body, framing } = sendable(request.body);
    const headers = { "accept-encoding": ACCEPT_ENCODING, ...request.headers, ...framing };
    const options = { origin, path, method, headers, body, signal };
    const answer = await dispatcher.request(options);
    return nodeAnswer(answer.statusCode, answer.statusText ?? "", answer.headers, answer.body);
  };
}
