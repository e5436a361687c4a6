/**
 * Which wire sends a request. Node.js: the client's undici dispatcher for everything (a `fetch`
 * option takes over all but the GETs with a body, which fetch cannot send). Other runtimes: fetch;
 * Bun and Deno send the GETs with a body through node:http; elsewhere those fail at once, with an
 * error naming the operation, never as a connection failure to retry.
 */
import type { Dispatcher } from "undici";
import { AlliError, type OperationInfo } from "../../errors.js";
import { describeOperation } from "../error-factory.js";
import { runtimeKind, type RuntimeKind } from "../runtime.js";
import type { WireRequest } from "./outgoing.js";
import type { ProxySettings } from "./proxy-settings.js";
import { fetchWire, type FetchFunction, type Wire } from "./wire.js";

export type ChooseWire = (request: WireRequest, operation: OperationInfo) => Wire | Promise<Wire>;

export interface WireOptions {
  fetch?: FetchFunction;
  dispatcher?: Dispatcher;
  proxy: ProxySettings;
  /** The runtime to choose for (tests name one; by default, this one). */
  runtime?: RuntimeKind;
}

export function createWireChooser({ fetch, dispatcher, proxy, runtime = runtimeKind() }: WireOptions): ChooseWire {
  let undici: Wire | undefined;
  let loadingUndici: Promise<Wire> | undefined;
  // Loaded on first use: importing undici costs a cold start tens of milliseconds.
  // A failure to load or make it is final (not a connection failure to retry) and not kept: the next call tries again.
  const undiciWire = (): Wire | Promise<Wire> =>
    undici ??
    (loadingUndici ??= import("../../node/undici-wire.js")
      .then((m) => (undici = m.undiciWire(dispatcher ?? m.createDispatcher(proxy))))
      .catch((error: unknown) => {
        loadingUndici = undefined;
        throw new AlliError(`the SDK's Node.js transport (undici) could not be set up: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }));
  const fetchBased = fetch ? fetchWire(fetch) : runtime === "node" ? undefined : fetchWire((url, init) => globalThis.fetch(url, init));

  return (request, operation) => {
    const getWithBody = request.body !== undefined && (request.method === "GET" || request.method === "HEAD");
    if (!getWithBody) return fetchBased ?? undiciWire();
    if (runtime === "node") return undiciWire();
    if (runtime === "bun" || runtime === "deno") return import("../../node/node-http-wire.js").then((m) => m.nodeHttpWire);
    throw new AlliError(
      `${describeOperation(operation)} is a GET that carries a JSON body, as the API requires, and this runtime's fetch cannot send a body on a GET; call it from Node.js, Bun or Deno`,
      { operation },
    );
  };
}
