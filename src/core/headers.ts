/** The one header builder: sources merged in order into lower-case names, later winning, `undefined` removing. */
import { InvalidInputError } from "../errors/errors.js";
import { utf8Text } from "./check-input.js";

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
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const NAME_RULE = "is not a valid header name: letters, digits and !#$%&'*+.^_`|~- only";
// The connection's framing is the transport's: a caller's value would fail inside it, after the request was made.
// Host too: fetch drops it, so no wire sends a caller's.
const TRANSPORT_HEADERS = new Set(
  "connection content-length expect host keep-alive transfer-encoding upgrade".split(" "),
);
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]|[^\x00-\xff]/;
/**
 * `value` as sent, unless HTTP cannot carry it (CR or LF would split a request); never quoted: it may be a credential.
 * A non-ASCII `OWN-USER-ID`, however given, is sent as `base64:` and its UTF-8 bytes' base64 (the Authentication page).
 */
function checkHeader(name: string, value: string): string {
  if (!TOKEN.test(name)) throw new InvalidInputError(`headers.${JSON.stringify(name).slice(1, -1)}`, NAME_RULE);
  if (TRANSPORT_HEADERS.has(name.toLowerCase()))
    throw new InvalidInputError(`headers.${name}`, "is set by the HTTP transport itself; remove it");
  // eslint-disable-next-line no-control-regex -- ASCII is what it tests for
  if (name.toLowerCase() === "own-user-id" && !/^[\x00-\x7f]*$/.test(value))
    value = `base64:${base64Utf8(utf8Text(`headers.${name}`, value))}`; // a lone surrogate would name another user
  const bad = BAD_VALUE.exec(value);
  if (!bad) return value;
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
    // Checked (and encoded) first, as Headers would throw its own error quoting the name (which may be a key).
    const pairs = Array.isArray(source) ? source.map(([n, v]) => [`${n}`, checkHeader(`${n}`, `${v}`)]) : undefined;
    const entries =
      source instanceof Headers || pairs
        ? [...new Headers((pairs ?? source) as HeadersInit)]
        : (Object.entries(source) as [string, string | number | boolean | null | undefined][]);
    for (const [name, value] of entries) {
      if (value === undefined || value === null) delete out[name.toLowerCase()];
      else out[name.toLowerCase()] = checkHeader(name, String(value));
    }
  }
  return out;
}
const IDENTITY_HEADERS = { ownUserId: "own-user-id", userEmail: "user-email", agentEmail: "agent-email" };
const IDENTITY_KEYS = Object.keys(IDENTITY_HEADERS);
/** The `user` option as given, checked: a typo (`ownUserID`, `agent_email`) would otherwise act for someone else. */
export function checkUser(user: unknown): UserIdentity | undefined {
  if (user === undefined) return undefined;
  const keys = IDENTITY_KEYS.join(", ");
  // A plain object only: a Map's or a prototype's entries are not what Object.entries checks.
  const proto = typeof user === "object" && user !== null ? (Object.getPrototypeOf(user) as object | null) : false;
  if (proto !== Object.prototype && proto !== null) {
    const kind = Object.prototype.toString.call(user).slice(8, -1); // Null, Array, Map, String…
    throw new InvalidInputError("user", `must be a plain object with ${keys}, got ${kind.toLowerCase()}`);
  }
  for (const [key, value] of Object.entries(user as Record<string, unknown>)) {
    const near = IDENTITY_KEYS.find((k) => k.toLowerCase() === key.replace(/[_-]/g, "").toLowerCase());
    if (!IDENTITY_KEYS.includes(key))
      throw new InvalidInputError(`user.${key}`, `is not one of ${keys}${near ? `; did you mean ${near}?` : ""}`);
    if (value !== undefined && typeof value !== "string")
      throw new InvalidInputError(`user.${key}`, `must be a string, got ${value === null ? "null" : typeof value}`);
    if (value !== undefined) utf8Text(`user.${key}`, value); // else OWN-USER-ID's base64 would name another user
  }
  return user as UserIdentity;
}
/** The identity as headers (checked, and `OWN-USER-ID` encoded, as every header is). */
export function identityHeaders(identity: UserIdentity | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, name] of Object.entries(IDENTITY_HEADERS)) {
    const value = identity?.[key as keyof UserIdentity];
    if (value !== undefined && value !== "") headers[name] = checkHeader(name.toUpperCase(), value);
  }
  return headers;
}
const base64Utf8 = (text: string) =>
  btoa(Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b)).join(""));
