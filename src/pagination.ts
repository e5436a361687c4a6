/** alli.paginate: to be implemented (issue: pagination iterators). */
import type { ClientCore } from "./internal/call.js";

export type Paginate = (...args: never[]) => never;

export function createPaginate(_core: ClientCore): Paginate {
  return () => {
    throw new Error("alli.paginate is not implemented yet");
  };
}
