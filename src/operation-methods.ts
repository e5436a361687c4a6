/**
 * The one-method-per-operation surface, built at run time from the generated metadata (the same
 * rules scripts/lib/methods-codegen.ts writes the signatures by): path parameters positional in
 * path order, then one params object (query parameters by name, every other key a body field),
 * then the per-call options. Each method goes through the path map's own call, `alli.paginate`
 * or `alli.stream`, so it sends exactly what they send.
 */
import { operations, paginated, streaming } from "../generated/operations.js";
import type { OperationMethods } from "../generated/methods.js";
import { PagePromise, APIPromise } from "./api-promise.js";
import { InvalidInputError } from "./errors.js";
import type { Paginate } from "./pagination.js";
import type { StreamFn } from "./streaming.js";
import type { AlliResponse } from "./typed-methods.js";

/** The path map's methods, by name. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Obj = Record<string, any>;

/** What a method needs from its client: the path map's call, and the walk and stream helpers. */
export interface MethodHelpers {
  request(method: HttpMethod, path: string, init: Obj | undefined): Promise<AlliResponse<unknown>>;
  paginate: Paginate;
  stream: StreamFn;
}

interface OperationShape {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, unknown>>;
  readonly pathParams?: Readonly<Record<string, unknown>>;
  readonly requestBody?: { readonly required: boolean };
}

const CALL_OPTIONS = ["timeout", "maxRetries", "idempotent", "user", "signal", "headers"];
const WALK_OPTIONS = ["maxItems", "maxPages", "lookAhead", "resumeFrom"];
const STREAM_OPTIONS = ["idleTimeout", "maxEventBytes", "keepEvents", "parseEvent"];

function plainObject(field: string, value: unknown): Obj {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new InvalidInputError(field, `must be an object, got ${Array.isArray(value) ? "an array" : typeof value}`);
  return value as Obj;
}

/** The options object split into the call's and the helper's; any other key is a mistake worth naming. */
function splitOptions(operationId: string, value: unknown, helperKeys: readonly string[]): { call: Obj; helper: Obj } {
  const options = plainObject("options", value);
  const call: Obj = {};
  const helper: Obj = {};
  for (const [key, option] of Object.entries(options)) {
    if (CALL_OPTIONS.includes(key)) call[key] = option;
    else if (helperKeys.includes(key)) helper[key] = option;
    else throw new InvalidInputError(`options.${key}`, `is not an option of ${operationId} (options: ${[...CALL_OPTIONS, ...helperKeys].join(", ")}); query parameters and body fields go in the params object`);
  }
  return { call, helper };
}

function methodFor(op: OperationShape, helpers: MethodHelpers): (...args: unknown[]) => unknown {
  const method = op.method.toUpperCase() as HttpMethod;
  const pathNames = Object.keys(op.pathParams ?? {});
  const queryNames = new Set(Object.keys(op.query ?? {}));
  const hasParams = queryNames.size > 0 || Boolean(op.requestBody);
  // The metadata is keyed by path, and a path may hold a paginated GET beside a POST (llm_prompts).
  const walk = Object.hasOwn(paginated, op.path) && (paginated as Obj)[op.path].method === op.method;
  const stream = Object.hasOwn(streaming, op.path) && (streaming as Obj)[op.path].method === op.method ? (streaming as Obj)[op.path] : undefined;
  const helperKeys = walk ? WALK_OPTIONS : stream ? STREAM_OPTIONS : [];

  /** The path map's init for these arguments, and the options meant for a helper. */
  function initOf(args: unknown[]): { init: Obj; helper: Obj } {
    const path: Obj = {};
    for (const [i, name] of pathNames.entries()) path[name] = args[i];
    const params = hasParams ? plainObject("params", args[pathNames.length]) : {};
    const { call, helper } = splitOptions(op.operationId, args[pathNames.length + (hasParams ? 1 : 0)], helperKeys);
    const query: Obj = {};
    const body: Obj = {};
    for (const [key, value] of Object.entries(params)) {
      // Without a body, an unknown key is left to the query check, which names it.
      if (queryNames.has(key) || !op.requestBody) query[key] = value;
      else body[key] = value;
    }
    const init: Obj = { ...call };
    if (pathNames.length || Object.keys(query).length) {
      init.params = { ...(pathNames.length ? { path } : {}), ...(Object.keys(query).length ? { query } : {}) };
    }
    // A required body is sent even when every field is optional and none was given.
    if (op.requestBody && (Object.keys(body).length || op.requestBody.required)) init.body = body;
    return { init, helper };
  }

  if (walk) {
    return (...args) => {
      // Built on first use, so that bad input rejects the promise (or fails the loop) rather than throwing here.
      const prepared = () => initOf(args);
      return new PagePromise(
        async () => helpers.request(method, op.path, prepared().init) as never,
        () => {
          const { init, helper } = prepared();
          return (helpers.paginate as (path: string, init: Obj, options: Obj) => never)(op.path, init, helper);
        },
      );
    };
  }
  if (stream) {
    const trigger = stream.trigger;
    return (...args) => {
      const given = args[pathNames.length] as Obj | undefined;
      if (trigger === "always" || given?.[trigger.field] === trigger.value) {
        // Like alli.stream: bad input throws here, and nothing is sent until the stream is read.
        const { init, helper } = initOf(args);
        return (helpers.stream as (path: string, init: Obj, options: Obj) => unknown)(op.path, init, helper);
      }
      const answer = (async () => {
        const { init, helper } = initOf(args);
        // A sync call takes no stream options: say so instead of ignoring them.
        const misplaced = Object.keys(helper)[0];
        if (misplaced) throw new InvalidInputError(`options.${misplaced}`, `is a stream option: pass ${trigger.field}: ${JSON.stringify(trigger.value)} to stream`);
        return helpers.request(method, op.path, init);
      })();
      return new APIPromise(() => answer);
    };
  }
  return (...args) => {
    const answer = (async () => helpers.request(method, op.path, initOf(args).init))();
    return new APIPromise(() => answer);
  };
}

/** One method per operation of the spec, named by its operationId. */
export function createOperationMethods(helpers: MethodHelpers): OperationMethods {
  const methods: Record<string, unknown> = {};
  for (const op of Object.values(operations) as OperationShape[]) methods[op.operationId] = methodFor(op, helpers);
  return methods as unknown as OperationMethods;
}
