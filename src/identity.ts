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

/** Rejects a header value that would split the request (CR or LF), before the network. */
export function assertHeaderValue(name: string, value: string): void {
  if (/[\r\n]/.test(value)) throw new InvalidInputError(`headers.${name}`, "a header value must not contain CR or LF");
}

/** The identity as request headers. */
export function identityHeaders(identity: UserIdentity | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const key of Object.keys(HEADER_NAMES) as Array<keyof UserIdentity>) {
    const value = identity?.[key];
    if (value === undefined || value === "") continue;
    const name = HEADER_NAMES[key];
    assertHeaderValue(name, value);
    headers[name] = key === "ownUserId" ? encodeOwnUserId(value) : value;
  }
  return headers;
}
