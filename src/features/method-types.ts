/**
 * The types of the two call surfaces: the one-method-per-operation surface (generated/methods.ts)
 * and the typed path map (openapi-fetch's signatures with the SDK's per-call options), derived
 * from the generated schema, so a spec update changes every signature with no edit.
 */

import type { FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { HttpMethod, MediaType, OkStatus, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";
import type { paths } from "../../generated/schema.js";
import type { RequestOptions } from "../core/options.js";

type Never2Empty<T> = [T] extends [never] ? {} : [T] extends [undefined] ? {} : T;

type QueryOf<Operation> = Operation extends { parameters: { query?: infer Query } }
  ? Never2Empty<NonNullable<Query>>
  : {};

/** A request body's fields: the object of its (first) media type. */
type BodyOf<Operation> = Operation extends { requestBody?: infer Body }
  ? NonNullable<Body> extends { content: infer Content }
    ? Never2Empty<Content[keyof Content]>
    : {}
  : {};

type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** A method's params object: the operation's query parameters and its body's fields, by name. */
export type MethodParams<Operation> = Flatten<QueryOf<Operation> & BodyOf<Operation>>;

/** One path parameter, as the spec types it. */
export type PathParam<Operation, Name extends string> = Operation extends { parameters: { path: infer Path } }
  ? Name extends keyof Path
    ? Path[Name]
    : never
  : never;

/** The content of an operation's 2xx answers, by media type (`never` when they have none). */
type OkContent<Operation> = Operation extends { responses: infer Responses }
  ? {
      [S in keyof Responses & OkStatus]: Responses[S] extends { content: infer Content } ? Content : never;
    }[keyof Responses & OkStatus]
  : never;

type JsonOf<Content> = Content extends unknown ? Content[Extract<keyof Content, `${string}/json`>] : never;

/**
 * What a method's promise resolves to: the parsed body of its 2xx answer (its JSON where it has
 * JSON, never a stream's text), the text of an answer with other content (the audit-log CSV),
 * `undefined` for an empty answer (a DELETE's 204).
 */
export type MethodResult<Operation> = [OkContent<Operation>] extends [never]
  ? undefined
  : [JsonOf<OkContent<Operation>>] extends [never]
    ? string
    : JsonOf<OkContent<Operation>>;

/** The params of a streaming call: the trigger field set to its streaming value. */
export type StreamingParams<Operation, Field extends string, Value> = Flatten<
  Omit<MethodParams<Operation>, Field> & { [K in Field]: Value }
>;

/** The params of a sync call of a streaming operation: any value of the trigger field but the streaming one. */
export type SyncParams<Operation, Field extends string, Value> = Flatten<
  Omit<MethodParams<Operation>, Field> & {
    [K in Field]?: Exclude<MethodParams<Operation> extends { [F in Field]?: infer V } ? V : never, Value>;
  }
>;

/** What the path map's init may hold beside the per-call options: openapi-fetch's other options do nothing here. */
type HonouredKey = "params" | "body" | "parseAs" | keyof RequestOptions;

/** Refuses (types as `never`) every key of `Init` the SDK does not honour (`fetch`, `mode`, `credentials`, `middleware`, …). */
type OnlyHonoured<Init> = Init & { [K in Exclude<keyof Init, HonouredKey>]?: never };

/** `init` is optional exactly when the operation has no required params or body. */
type InitArgs<Init> =
  RequiredKeysOf<Init> extends never ? [OnlyHonoured<Init & RequestOptions>?] : [OnlyHonoured<Init & RequestOptions>];

/** A successful call: the parsed body, the raw Response, and the server's request id. */
export interface AlliResponse<Data> {
  data: Data;
  response: Response;
  requestId: string | undefined;
}

/** The media types of an operation's 2xx answers. */
type OkMedia<Operation> = Operation extends { responses: infer Responses }
  ? {
      [S in keyof Responses & OkStatus]: Responses[S] extends { content: infer Content } ? keyof Content : never;
    }[keyof Responses & OkStatus]
  : never;

/** The media type the data is typed by: JSON when the operation answers JSON (a streaming operation's sync answer), else whatever it answers (the CSV's text). */
type AnswerMedia<Operation> = [Extract<OkMedia<Operation>, `${string}/json`>] extends [never]
  ? MediaType
  : `${string}/json`;

/** What a 2xx answer's body parses to; an answer documented without content (a DELETE's 204) is `undefined`. */
type SuccessData<Operation, Init, Media extends MediaType> =
  Operation extends Record<string | number, any>
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
