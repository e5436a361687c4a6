/**
 * The proxy a Node.js client uses, read from the environment when the client is created:
 * `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY`, lower case first as curl reads them.
 * `ALL_PROXY` stands in for whichever of the other two is unset. A value without a scheme
 * (`proxy:3128`, as curl accepts) means http://; one that is no URL at all is an
 * InvalidInputError naming the variable, at once, rather than a connection failure per call.
 */
import { InvalidInputError } from "../../errors.js";

export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

function proxyUrl(name: string, value: string | undefined): string | undefined {
  if (!value) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new InvalidInputError(name, "is not a proxy URL such as http://proxy.internal:3128");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new InvalidInputError(name, `must be an http or https proxy URL, got the scheme ${JSON.stringify(url.protocol)}`);
  return withScheme;
}

export function proxySettingsFromEnv(env: Record<string, string | undefined> | undefined): ProxySettings {
  const read = (name: string): [string, string | undefined] => {
    const lower = env?.[name.toLowerCase()];
    return lower ? [name.toLowerCase(), lower] : [name, env?.[name] || undefined];
  };
  const [allName, all] = read("ALL_PROXY");
  const [httpName, http] = read("HTTP_PROXY");
  const [httpsName, https] = read("HTTPS_PROXY");
  return {
    httpProxy: http ? proxyUrl(httpName, http) : proxyUrl(allName, all),
    httpsProxy: https ? proxyUrl(httpsName, https) : proxyUrl(allName, all),
    noProxy: read("NO_PROXY")[1],
  };
}
