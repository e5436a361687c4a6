/** alli.stream: to be implemented (issue: streaming). */
import type { ClientCore } from "./internal/call.js";

export type StreamFn = (...args: never[]) => never;

export function createStream(_core: ClientCore): StreamFn {
  return () => {
    throw new Error("alli.stream is not implemented yet");
  };
}
