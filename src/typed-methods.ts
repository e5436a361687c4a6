/** The typed path map's method signatures: openapi-fetch's, plus the SDK's per-call options. */
import type { FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";
import type { paths } from "../generated/schema.js";
import type { RequestOptions } from "./internal/call.js";

/** `init` is optional exactly when the operation has no required params or body. */
export type InitArgs<Init> = RequiredKeysOf<Init> extends never ? [(Init & RequestOptions)?] : [Init & RequestOptions];

/** A successful call: the parsed body, the raw Response, and the server's request id. */
export interface AlliResponse<Data> {
  data: Data;
  response: Response;
  requestId: string | undefined;
}

/** What a 2xx answer's body parses to; an answer documented without content (a DELETE's 204) is `undefined`. */
type SuccessData<Operation, Init> = Operation extends Record<string | number, any>
  ? OrUndefined<NonNullable<Extract<FetchResponse<Operation, Init, MediaType>, { error?: never }>["data"]>>
  : never;
type OrUndefined<T> = [T] extends [never] ? undefined : T;

/** A typed method: errors are thrown as AlliError subclasses, so the result always has `data`. */
export type AlliMethod<Method extends HttpMethod> = <
  Path extends PathsWithMethod<paths, Method>,
  Init extends MaybeOptionalInit<paths[Path], Method>,
>(
  path: Path,
  ...init: InitArgs<Init>
) => Promise<AlliResponse<SuccessData<paths[Path][Method], Init>>>;

export interface TypedMethods {
  GET: AlliMethod<"get">;
  POST: AlliMethod<"post">;
  PUT: AlliMethod<"put">;
  PATCH: AlliMethod<"patch">;
  DELETE: AlliMethod<"delete">;
}
