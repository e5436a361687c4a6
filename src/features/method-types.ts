/** The types of the methods and the typed path map, derived from the generated schema: a spec update retypes them. */
import type { FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { HttpMethod, MediaType, OkStatus, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";
import type { paths } from "../../generated/schema.js";
import type { RequestOptions } from "../core/options.js";

type Empty = Record<never, never>;
type OrEmpty<T> = [T] extends [undefined] ? Empty : T; // never and undefined
type QueryOf<Op> = Op extends { parameters: { query?: infer Query } } ? OrEmpty<NonNullable<Query>> : Empty;
type BodyOf<Op> = Op extends { requestBody?: { content: infer Content } } ? OrEmpty<Content[keyof Content]> : Empty;
type Flatten<T> = { [K in keyof T]: T[K] } & {};
/** A method's params object: the operation's query parameters and its body's fields, by name. */
export type MethodParams<Operation> = Flatten<QueryOf<Operation> & BodyOf<Operation>>;
/** One path parameter, as the spec types it. */
export type PathParam<Op, N extends string> = Op extends { parameters: { path: infer Path } }
  ? Path[N & keyof Path]
  : never;
type OkContent<Operation> = Operation extends { responses: infer R } ? ContentOf<R[keyof R & OkStatus]> : never;
type ContentOf<Response> = Response extends { content: infer Content } ? Content : never;
type JsonOf<Content> = Content extends unknown ? Content[Extract<keyof Content, `${string}/json`>] : never;
/** What a method resolves to: its 2xx answer's JSON (not a stream's text), else its text (a CSV), else `undefined`. */
export type MethodResult<Operation> = [OkContent<Operation>] extends [never]
  ? undefined
  : [JsonOf<OkContent<Operation>>] extends [never]
    ? string
    : JsonOf<OkContent<Operation>>;
/** The params of a streaming call: the trigger field set to its streaming value. */
export type StreamingParams<Op, F extends string, V> = Flatten<Omit<MethodParams<Op>, F> & { [K in F]: V }>;
/** The params of a sync call of a streaming operation: any value of the trigger field but the streaming one. */
export type SyncParams<Op, F extends string, V> = Flatten<
  Omit<MethodParams<Op>, F> & { [K in F]?: Exclude<ValueOf<Op, F>, V> }
>;
type ValueOf<Op, F extends string> = MethodParams<Op> extends { [K in F]?: infer V } ? V : never;

/** The keys of the path map's init the SDK honours; any other (`fetch`, `mode`, `middleware`, …) is typed `never`. */
type HonouredKey = "params" | "body" | "parseAs" | keyof RequestOptions;
type OnlyHonoured<Init> = Init & { [K in Exclude<keyof Init, HonouredKey>]?: never };
type InitArgs<Init, I = OnlyHonoured<Init & RequestOptions>> = RequiredKeysOf<Init> extends never ? [I?] : [I];
/** A successful call: the parsed body, the raw Response, and the server's request id. */
export type AlliResponse<Data> = { data: Data; response: Response; requestId: string | undefined };
/** The media type the data is typed by: JSON where the operation answers JSON, else what it answers (the CSV). */
type AnswerMedia<Operation> = [JsonOf<OkContent<Operation>>] extends [never] ? MediaType : `${string}/json`;
/** A call's data: its JSON (never the event-stream text) or other answer; `undefined` for one without content. */
type CallData<Op, Init> =
  Op extends Record<string | number, any>
    ? OrUndefined<NonNullable<Extract<FetchResponse<Op, Init, AnswerMedia<Op>>, { error?: never }>["data"]>>
    : never;
type OrUndefined<T> = [T] extends [never] ? undefined : T;
/** A typed method: errors are thrown as AlliError subclasses, so the result always has `data`. */
type AlliMethod<Method extends HttpMethod> = <
  Path extends PathsWithMethod<paths, Method>,
  Init extends MaybeOptionalInit<paths[Path], Method>,
>(
  path: Path,
  ...init: InitArgs<Init>
) => Promise<AlliResponse<CallData<paths[Path][Method], Init>>>;
/** The typed path map: `alli.GET(path, init)` and the other methods, as openapi-fetch types them. */
export type TypedMethods = { [M in "get" | "post" | "put" | "patch" | "delete" as Uppercase<M>]: AlliMethod<M> };
