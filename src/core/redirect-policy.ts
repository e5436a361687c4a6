/**
 * What to do with a 3xx: the SDK follows redirects itself (the wire never does), so that the API
 * key and the user's identity never reach another origin and a POST never silently becomes a GET.
 * Pure: given the request and the answer, it returns the next request or the reason to refuse.
 */

/** At most this many redirects for one attempt. */
export const MAX_REDIRECTS = 10;

const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

export interface RedirectInput {
  method: string;
  url: string;
  status: number;
  /** The Location header, if any. */
  location: string | null;
}

export type RedirectDecision =
  | { kind: "not-a-redirect" }
  /** Follow to `url`; `crossOrigin`: only what the transport itself adds may go along (see send.ts). */
  | { kind: "follow"; url: string; crossOrigin: boolean }
  | { kind: "refuse"; why: string; location: string };

export function decideRedirect({ method, url, status, location }: RedirectInput): RedirectDecision {
  if (!REDIRECT_STATUS.has(status) || location === null) return { kind: "not-a-redirect" };
  let target: URL;
  try {
    target = new URL(location, url);
  } catch {
    return { kind: "refuse", why: "its Location is not a URL", location };
  }
  const from = new URL(url);
  if (target.protocol !== "http:" && target.protocol !== "https:") return { kind: "refuse", why: `it leads to a ${target.protocol} URL`, location };
  const upper = method.toUpperCase();
  const safe = upper === "GET" || upper === "HEAD";
  const crossOrigin = target.origin !== from.origin;
  // 301, 302 and 303 turn the request into a GET: for anything but a GET that would drop the
  // body and run another operation, so the SDK raises instead.
  if (!safe && (status === 301 || status === 302 || status === 303)) return { kind: "refuse", why: `a ${status} would turn this ${upper} into a GET`, location };
  if (crossOrigin) {
    if (!safe) return { kind: "refuse", why: `it leads to another origin (${target.origin}), and a ${upper} is never sent there`, location };
    if (from.protocol === "https:" && target.protocol === "http:") return { kind: "refuse", why: "it leads from https to http", location };
  }
  return { kind: "follow", url: target.href, crossOrigin };
}
