/**
 * The proxy a Node.js client uses, read from the environment when the client is created:
 * `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY`, lower case first as curl reads them.
 * `ALL_PROXY` stands in for whichever of the other two is unset.
 */
export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

export function proxySettingsFromEnv(env: Record<string, string | undefined> | undefined): ProxySettings {
  const read = (name: string) => env?.[name.toLowerCase()] || env?.[name] || undefined;
  const all = read("ALL_PROXY");
  return { httpProxy: read("HTTP_PROXY") ?? all, httpsProxy: read("HTTPS_PROXY") ?? all, noProxy: read("NO_PROXY") };
}
