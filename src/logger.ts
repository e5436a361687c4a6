/** Debug logging of each request and response line; never headers, bodies or secrets. */

/** Anything with a `debug` method, such as `console` or a pino logger. */
export interface Logger {
  debug(message: string): void;
}

/** The logger to use: the option, else `console` when `ALLI_LOG=debug`, else none. */
export function resolveLogger(option: Logger | undefined): Logger | undefined {
  if (option) return option;
  const level = typeof process !== "undefined" ? process.env?.ALLI_LOG : undefined;
  return level === "debug" ? { debug: (message) => console.debug(`[alli] ${message}`) } : undefined;
}
