/**
 * `baseUrl`, checked when the client is created: an http(s) URL with no credentials, query or
 * fragment (each would be lost or leak: a query is dropped by every path, a password printed in
 * every log line). A path prefix (a proxy's `/alli`) is kept, without its trailing slash.
 */
import { InvalidInputError } from "../errors.js";

export function parseBaseUrl(raw: unknown): string {
  if (typeof raw !== "string" || raw.trim() === "") throw new InvalidInputError("baseUrl", `must be an http or https URL such as "https://backend.alli.ai", got ${typeof raw === "string" ? '""' : typeof raw}`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not quoted: what was meant as a URL may hold a password anywhere in it.
    throw new InvalidInputError("baseUrl", 'must be an absolute http or https URL such as "http://127.0.0.1:4010" (with its scheme)');
  }
  if (url.username || url.password) throw new InvalidInputError("baseUrl", "must not contain a user name or password: pass the API key as `apiKey`, and a proxy's credentials in its own URL");
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new InvalidInputError("baseUrl", `must be an http or https URL, got the scheme ${JSON.stringify(url.protocol)}`);
  if (url.search || raw.includes("?")) throw new InvalidInputError("baseUrl", "must not have a query (?…): every call would drop it");
  if (url.hash || raw.includes("#")) throw new InvalidInputError("baseUrl", "must not have a fragment (#…): every call would be sent to its path");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
