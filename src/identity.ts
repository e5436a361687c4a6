/** The user-identity headers the API reads, and the checks every header value must pass. */
import { InvalidInputError } from "./errors.js";

/** Who a request acts for. Set per client, and per request to override. */
export interface UserIdentity {
  /** Your own ID for the end user (`OWN-USER-ID`); non-ASCII is sent base64-encoded as the API requires. */
  ownUserId?: string;
  /** The end user's email (`USER-EMAIL`). */
  userEmail?: string;
  /** The agent to act as (`AGENT-EMAIL`). */
  agentEmail?: string;
}

const HEADER_NAMES: Record<keyof UserIdentity, string> = {
  ownUserId: "OWN-USER-ID",
  userEmail: "USER-EMAIL",
  agentEmail: "AGENT-EMAIL",
};

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * `OWN-USER-ID` cannot carry non-ASCII: the API documents sending `base64:` and the base64 of
 * the value's UTF-8 bytes instead. ASCII values go as they are.
 */
export function encodeOwnUserId(id: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(id) ? id : `base64:${base64Utf8(id)}`;
}

/**
 * Rejects, before the network, a header value HTTP cannot carry: CR or LF (they would split the
 * request), NUL, DEL and the other control characters but tab, and any character outside Latin-1
 * (`OWN-USER-ID` is base64-encoded first, as the API documents; other headers cannot be). The
 * value is never quoted in the message.
 */
export function assertHeaderValue(name: string, value: string): void {
  // eslint-disable-next-line no-control-regex
  const bad = /[\x00-\x08\x0a-\x1f\x7f]|[^\x00-\xff]/.exec(value);
  if (!bad) return;
  const char = bad[0];
  const code = char.codePointAt(0)!;
  const what = char === "\r" || char === "\n" ? "CR or LF" : code > 0xff ? "a character outside Latin-1" : "a control character";
  // The value itself is never quoted: a header may carry a credential.
  throw new InvalidInputError(`headers.${name}`, `a header value must not contain ${what} (U+${code.toString(16).toUpperCase().padStart(4, "0")} at index ${bad.index})`);
}

/** An HTTP field name: one or more token characters (RFC 9110). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Checks a header's name and value, before the network. */
export function assertHeader(name: string, value: string): void {
  if (!TOKEN.test(name)) throw new InvalidInputError(`headers.${JSON.stringify(name).slice(1, -1)}`, "is not a valid header name: letters, digits and !#$%&'*+.^_`|~- only");
  assertHeaderValue(name, value);
}

/** The identity as request headers. */
export function identityHeaders(identity: UserIdentity | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const key of Object.keys(HEADER_NAMES) as Array<keyof UserIdentity>) {
    const value = identity?.[key];
    if (value === undefined || value === "") continue;
    const name = HEADER_NAMES[key];
    const sent = key === "ownUserId" ? encodeOwnUserId(value) : value;
    assertHeaderValue(name, sent);
    headers[name] = sent;
  }
  return headers;
}
