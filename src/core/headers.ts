/**
 * The one header builder: every header a request carries (the client's, the key, the identity,
 * an Accept, the caller's per-call headers) is one source in the list `buildHeaders` merges, later
 * sources winning and `undefined` removing a header. Names are lower-cased, and each name and
 * value is checked before the network.
 */
import { InvalidInputError } from "../errors/errors.js";

/** Who a request acts for. Set per client, and per request to override. */
export interface UserIdentity {
  /** Your own ID for the end user (`OWN-USER-ID`); non-ASCII is sent base64-encoded as the API requires. */
  ownUserId?: string;
  /** The end user's email (`USER-EMAIL`). */
  userEmail?: string;
  /** The agent to act as (`AGENT-EMAIL`). */
  agentEmail?: string;
}

/** A source of headers: a plain object, or (from JavaScript callers) a Headers or a list of pairs. */
export type HeaderSource = Record<string, unknown> | Headers | readonly (readonly [string, string])[] | undefined;

/** An HTTP field name: one or more token characters (RFC 9110). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]|[^\x00-\xff]/;

/**
 * Rejects a header value HTTP cannot carry: CR or LF (they would split the request), the other
 * control characters but tab, and anything outside Latin-1. The value is never quoted: a header
 * may carry a credential.
 */
export function checkHeader(name: string, value: string): void {
  if (!TOKEN.test(name)) {
    const shown = JSON.stringify(name).slice(1, -1);
    throw new InvalidInputError(
      `headers.${shown}`,
      "is not a valid header name: letters, digits and !#$%&'*+.^_`|~- only",
    );
  }
  const bad = BAD_VALUE.exec(value);
  if (!bad) return;
  const code = bad[0].codePointAt(0)!;
  const what =
    code === 10 || code === 13 ? "CR or LF" : code > 0xff ? "a character outside Latin-1" : "a control character";
  const at = `U+${code.toString(16).toUpperCase().padStart(4, "0")} at index ${bad.index}`;
  throw new InvalidInputError(`headers.${name}`, `a header value must not contain ${what} (${at})`);
}

/** Merges `sources` in order into plain lower-case headers; a later source wins, `undefined` or `null` removes. */
export function buildHeaders(...sources: HeaderSource[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of sources) {
    if (!source) continue;
    const entries =
      source instanceof Headers || Array.isArray(source)
        ? [...new Headers(source as HeadersInit)]
        : Object.entries(source);
    for (const [name, value] of entries as [string, unknown][]) {
      if (value === undefined || value === null) {
        delete out[name.toLowerCase()];
        continue;
      }
      const text = String(value);
      checkHeader(name, text);
      out[name.toLowerCase()] = text;
    }
  }
  return out;
}

const IDENTITY_HEADERS: Record<keyof UserIdentity, string> = {
  ownUserId: "own-user-id",
  userEmail: "user-email",
  agentEmail: "agent-email",
};

/**
 * The identity as headers. `OWN-USER-ID` cannot carry non-ASCII: the API documents `base64:` and
 * the base64 of the value's UTF-8 bytes instead.
 */
export function identityHeaders(identity: UserIdentity | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const key of Object.keys(IDENTITY_HEADERS) as (keyof UserIdentity)[]) {
    const value = identity?.[key];
    if (value === undefined || value === "") continue;
    // eslint-disable-next-line no-control-regex -- ASCII is what it tests for
    const sent = key === "ownUserId" && !/^[\x00-\x7f]*$/.test(value) ? `base64:${base64Utf8(value)}` : value;
    const name = IDENTITY_HEADERS[key].toUpperCase();
    checkHeader(name, sent);
    headers[IDENTITY_HEADERS[key]] = sent;
  }
  return headers;
}

function base64Utf8(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
