/** The typed path map's method signatures: openapi-fetch's, with the SDK's per-call options. */
import type { FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { HttpMethod, MediaType, OkStatus, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";
import type { paths } from "../generated/schema.js";
import type { RequestOptions } from "./request-options.js";

/** What the path map's init may hold beside the per-call options: openapi-fetch's other options do nothing here. */
type HonouredKey = "params" | "body" | "parseAs" | keyof RequestOptions;

/** Refuses (types as `never`) every key of `Init` the SDK does not honour (`fetch`, `mode`, `credentials`, `middleware`, …). */
type OnlyHonoured<Init> = Init & { [K in Exclude<keyof Init, HonouredKey>]?: never };

/** `init` is optional exactly when the operation has no required params or body. */
type InitArgs<Init> = RequiredKeysOf<Init> extends never ? [OnlyHonoured<Init & RequestOptions>?] : [OnlyHonoured<Init & RequestOptions>];

/** A successful call: the parsed body, the raw Response, and the server's request id. */
export interface AlliResponse<Data> {
  data: Data;
  response: Response;
  requestId: string | undefined;
}

/** The media types of an operation's 2xx answers. */
type OkMedia<Operation> = Operation extends { responses: infer Responses }
  ? { [S in keyof Responses & OkStatus]: Responses[S] extends { content: infer Content } ? keyof Content : never }[keyof Responses & OkStatus]
  : never;

/** The media type the data is typed by: JSON when the operation answers JSON (a streaming operation's sync answer), else whatever it answers (the CSV's text). */
type AnswerMedia<Operation> = [Extract<OkMedia<Operation>, `${string}/json`>] extends [never] ? MediaType : `${string}/json`;

/** What a 2xx answer's body parses to; an answer documented without content (a DELETE's 204) is `undefined`. */
type SuccessData<Operation, Init, Media extends MediaType> = Operation extends Record<string | number, any>
  ? OrUndefined<NonNullable<Extract<FetchResponse<Operation, Init, Media>, { error?: never }>["data"]>>
  : never;
type OrUndefined<T> = [T] extends [never] ? undefined : T;

/** The data of a call of `Operation`: its JSON answer where it has one (never the event-stream text), else what it answers. */
export type CallData<Operation, Init> = SuccessData<Operation, Init, AnswerMedia<Operation>>;

/** A typed method: errors are thrown as AlliError subclasses, so the result always has `data`. */
export type AlliMethod<Method extends HttpMethod> = <
  Path extends PathsWithMethod<paths, Method>,
  Init extends MaybeOptionalInit<paths[Path], Method>,
>(
  path: Path,
  ...init: InitArgs<Init>
) => Promise<AlliResponse<CallData<paths[Path][Method], Init>>>;

export interface TypedMethods {
  GET: AlliMethod<"get">;
  POST: AlliMethod<"post">;
  PUT: AlliMethod<"put">;
  PATCH: AlliMethod<"patch">;
  DELETE: AlliMethod<"delete">;
}
