/**
 * The types of the one-method-per-operation surface (generated/methods.ts), derived from the
 * generated `operations` of schema.ts, so a spec update changes every signature with no edit.
 */
import type { OkStatus } from "openapi-typescript-helpers";

type Never2Empty<T> = [T] extends [never] ? {} : [T] extends [undefined] ? {} : T;

type QueryOf<Operation> = Operation extends { parameters: { query?: infer Query } } ? Never2Empty<NonNullable<Query>> : {};

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
export type PathParam<Operation, Name extends string> = Operation extends { parameters: { path: infer Path } } ? (Name extends keyof Path ? Path[Name] : never) : never;

/** The content of an operation's 2xx answers, by media type (`never` when they have none). */
type OkContent<Operation> = Operation extends { responses: infer Responses }
  ? { [S in keyof Responses & OkStatus]: Responses[S] extends { content: infer Content } ? Content : never }[keyof Responses & OkStatus]
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
export type StreamingParams<Operation, Field extends string, Value> = Flatten<Omit<MethodParams<Operation>, Field> & { [K in Field]: Value }>;

/** The params of a sync call of a streaming operation: any value of the trigger field but the streaming one. */
export type SyncParams<Operation, Field extends string, Value> = Flatten<
  Omit<MethodParams<Operation>, Field> & { [K in Field]?: Exclude<MethodParams<Operation> extends { [F in Field]?: infer V } ? V : never, Value> }
>;
