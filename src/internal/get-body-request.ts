/**
 * Two documented operations are GETs that carry a JSON body (summary analytics, daily
 * conversation count). The Fetch standard's Request refuses a GET body, and openapi-fetch builds
 * the Request itself, so a subclass (passed as its `Request` option) sets such a body aside for
 * the transport to send another way.
 */
export const GET_BODY = Symbol("alli.getBody");

type WithGetBody = Request & { [GET_BODY]?: BodyInit };
let requestClass: typeof Request | undefined;

/**
 * The Request subclass, made on first use: touching the global `Request` at import time would
 * load Node's fetch implementation (tens of ms) for every program that merely imports the SDK.
 */
export function bodyCarryingRequest(): typeof Request {
  requestClass ??= class BodyCarryingRequest extends Request {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      const method = (init?.method ?? "GET").toUpperCase();
      const setAside = (method === "GET" || method === "HEAD") && init?.body != null;
      super(input, setAside ? { ...init, body: null } : init);
      if (setAside) Object.defineProperty(this, GET_BODY, { value: init!.body, enumerable: false });
    }

    override clone(): Request {
      const copy = super.clone();
      const body = (this as WithGetBody)[GET_BODY];
      if (body !== undefined) Object.defineProperty(copy, GET_BODY, { value: body, enumerable: false });
      return copy;
    }
  };
  return requestClass;
}

export function getBodyOf(request: Request): BodyInit | undefined {
  return (request as WithGetBody)[GET_BODY];
}
