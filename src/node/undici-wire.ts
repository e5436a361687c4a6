/**
 * Node only: the wire on an undici Dispatcher: a keep-alive pool the client owns (or the caller's
 * own dispatcher, or a proxy agent from the environment), bodies on any method, the two
 * documented GETs that carry one included. Redirects are left to the SDK.
 */
import { Agent, EnvHttpProxyAgent, type Dispatcher } from "undici";
import type { ProxySettings } from "../core/options.js";
import type { Wire } from "../core/wire.js";
import { ACCEPT_ENCODING, nodeAnswer } from "./node-answer.js";

/** The dispatcher a client owns when the caller passes none: a proxy agent when the environment names a proxy, else a pool. */
export function createDispatcher(proxy: ProxySettings): Dispatcher {
  if (!proxy.httpProxy && !proxy.httpsProxy) return new Agent();
  // Empty strings, not undefined: the agent would otherwise read process.env again when it is
  // made, and the settings are the ones read when the client was created.
  return new EnvHttpProxyAgent({
    httpProxy: proxy.httpProxy ?? "",
    httpsProxy: proxy.httpsProxy ?? "",
    noProxy: proxy.noProxy ?? "",
  });
}

/** The wire over a dispatcher; the attempt itself is the request's signal. */
export function undiciWire(dispatcher: Dispatcher): Wire {
  return async (request, stop) => {
    const headers = { "accept-encoding": ACCEPT_ENCODING, ...request.headers };
    const { origin, path, body } = request;
    const method = request.method as Dispatcher.HttpMethod;
    const answer = await dispatcher.request({
      origin,
      path,
      method,
      headers,
      body,
      signal: stop as unknown as AbortSignal,
    });
    return nodeAnswer(answer.statusCode, answer.statusText ?? "", answer.headers, answer.body);
  };
}
