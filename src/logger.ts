/** Debug logging of each request and response line; never headers, bodies or secrets. */
import { redactText } from "./internal/redact.js";

/** Anything with a `debug` method, such as `console` or a pino logger. */
export interface Logger {
  debug(message: string): void;
}

/** The logger to use: the option, else `console` when `ALLI_LOG=debug`, else none; every line redacted on its way out. */
export function resolveLogger(option: Logger | undefined): Logger | undefined {
  const level = typeof process !== "undefined" ? process.env?.ALLI_LOG : undefined;
  const target = option ?? (level === "debug" ? { debug: (message: string) => console.debug(`[alli] ${message}`) } : undefined);
  return target && { debug: (message) => target.debug(redactText(message)) };
}
