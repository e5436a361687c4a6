/**
 * The one lookup of the generated operation metadata (generated/operations.ts): by operationId,
 * by method and path (the path map), and the paging or streaming metadata of an operation. The
 * table is read where a call needs it; the route index is built on the first call by path.
 */
import { operations, paginated, streaming } from "../../generated/operations.js";
import type { OperationInfo } from "../errors/errors.js";

/** The path map's methods. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One parameter's or body field's constraints, as the generator writes them. */
export interface FieldSpec {
  readonly required?: boolean;
  readonly type?: string | readonly string[];
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly default?: unknown;
  readonly items?: FieldSpec;
  readonly nullable?: boolean;
}

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
}

/** The `x-alli-pagination` metadata of an operation (any style, a future one's included). */
export type PaginationMeta = { readonly style: string; readonly operationId: string; readonly method: string } & {
  readonly [field: string]: string | number | undefined;
};
/** The `x-alli-streaming` metadata of an operation. */
export interface StreamingMeta {
  readonly method: string;
  readonly operationId: string;
  readonly trigger: "always" | { readonly field: string; readonly value: unknown };
  readonly mediaTypes: readonly string[];
}

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

/**
 * Metadata keyed by path, for the operation at `method path` (a path may hold a paginated GET
 * beside a POST); without a method, for the path's one paginated or streaming operation.
 */
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
