/** The one lookup of the generated operation metadata: by operationId, by route (indexed on first use), by path. */
import { operations, paginated, streaming } from "../../generated/operations.js";
import { describeOperation, InvalidInputError, type OperationInfo } from "../errors/errors.js";

/** The path map's methods. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
/** One parameter's or body field's constraints, as the generator writes them. */
export type FieldSpec = Readonly<{ required?: boolean; nullable?: boolean; type?: string | readonly string[] }> &
  Readonly<{ format?: string; pattern?: string; minimum?: number; maximum?: number; enum?: readonly unknown[] }> &
  Readonly<{ default?: unknown; items?: FieldSpec }>;
/** An operation as the generated metadata describes it. */
export interface OperationMeta {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, FieldSpec>>;
  readonly pathParams?: Readonly<Record<string, FieldSpec>>;
  readonly requestBody?: {
    readonly required: boolean;
    readonly mediaTypes: readonly string[];
    readonly fields?: Readonly<Record<string, FieldSpec>>;
    readonly requiredFields?: readonly string[];
    readonly jsonStringFields?: readonly string[];
  };
  /** The media type of an answer that is not JSON (the audit-log CSV): asked for, and read as text. */
  readonly textAnswer?: string;
  /** The success is documented without content: whatever the body holds is dropped. */
  readonly emptyAnswer?: boolean;
  /** The operation's own servers by region, where the spec gives it other servers than its top-level list. */
  readonly servers?: Readonly<Record<string, string>>;
  /** The success body's field that reports a failure (`x-alli-error-field`): set, the call fails with ReportedError. */
  readonly errorField?: string;
}
/** The `x-alli-pagination` metadata of an operation (any style, a future one's included). */
export type PaginationMeta = { readonly style: string; readonly operationId: string; readonly method: string } & {
  readonly [field: string]: string | number | undefined;
};
/** The `x-alli-streaming` metadata of an operation. */
export type StreamingMeta = Readonly<{ method: string; operationId: string; mediaTypes: readonly string[] }> & {
  readonly trigger: "always" | { readonly field: string; readonly value: unknown };
};
const table = operations as unknown as Readonly<Record<string, OperationMeta>>;
let byRoute: Map<string, OperationMeta> | undefined;
/** Every operation, by operationId. */
export const allOperations = (): Readonly<Record<string, OperationMeta>> => table;
/** The spec's operation at `METHOD path`, if the path is one of the spec's. */
export function operationAt(method: HttpMethod, path: string): OperationMeta | undefined {
  byRoute ??= new Map(Object.values(table).map((op) => [`${op.method.toUpperCase()} ${op.path}`, op]));
  return byRoute.get(`${method} ${path}`);
}
/** The operation as errors name it. */
export const infoOf = (method: string, path: string, operationId?: string): OperationInfo =>
  operationId ? { method, path, operationId } : { method, path };
/** Metadata keyed by path: the operation at `method path` (a path may hold a paginated GET and a POST), or its one. */
function byPath<T extends { method: string }>(record: object, method: string | undefined, path: string): T | undefined {
  const meta = Object.hasOwn(record, path) ? (record as Record<string, T>)[path] : undefined;
  return meta && (method === undefined || meta.method.toUpperCase() === method) ? meta : undefined;
}
export const paginationAt = (method: string | undefined, path: string) =>
  byPath<PaginationMeta>(paginated, method, path);
export const streamingAt = (method: string | undefined, path: string) => byPath<StreamingMeta>(streaming, method, path);
/** The path of every paginated (or streaming) operation, for the error naming what is allowed. */
export const paginatedPaths = () => Object.keys(paginated);
export const streamingPaths = () => Object.keys(streaming);
/** The URL of the operation's own server for `region`, or an InvalidInputError naming the servers it has. */
export function serverOf(servers: Readonly<Record<string, string>>, region: string, operation: OperationInfo): string {
  if (Object.hasOwn(servers, region)) return servers[region]!;
  const listed = Object.entries(servers).map(([name, url]) => `"${name}" (${url})`);
  const rule = `${describeOperation(operation)} is served only by ${listed.join(", ")}: use that region, or a baseUrl`;
  throw new InvalidInputError("region", rule);
}
