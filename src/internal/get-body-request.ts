/**
 * Two documented operations are GETs that carry a JSON body (summary analytics, daily
 * conversation count). The Fetch standard's Request refuses a GET body, and openapi-fetch builds
 * the Request itself, so this subclass (passed as its `Request` option) sets such a body aside
 * for the transport to send another way.
 */
export const GET_BODY = Symbol("alli.getBody");

export class BodyCarryingRequest extends Request {
  declare [GET_BODY]?: BodyInit;

  constructor(input: RequestInfo | URL, init?: RequestInit) {
    const method = (init?.method ?? "GET").toUpperCase();
    const setAside = (method === "GET" || method === "HEAD") && init?.body != null;
    super(input, setAside ? { ...init, body: null } : init);
    if (setAside) Object.defineProperty(this, GET_BODY, { value: init!.body, enumerable: false });
  }

  override clone(): Request {
    const copy = super.clone();
    if (this[GET_BODY] !== undefined) Object.defineProperty(copy, GET_BODY, { value: this[GET_BODY], enumerable: false });
    return copy;
  }
}

export function getBodyOf(request: Request): BodyInit | undefined {
  return (request as BodyCarryingRequest)[GET_BODY];
}
