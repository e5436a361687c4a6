/**
 * The one-method-per-operation surface, built from the generated metadata by the rules
 * scripts/lib/methods-codegen.ts writes the signatures by: path parameters positional in path
 * order, then one params object (query parameters by name, every other key a body field), then
 * the per-call options. A method goes through the path map's own call, `paginate` or `stream`, so
 * it sends exactly what they send. Methods are defined once per process, as getters that make a
 * client's method on first use.
 */
import { InvalidInputError } from "../errors/errors.js";
import { allOperations, paginationAt, streamingAt, type HttpMethod, type OperationMeta } from "../core/operations.js";
import { REQUEST_OPTIONS } from "../core/options.js";
import { APIPromise, PagePromise } from "./api-promise.js";
import type { AlliResponse } from "./method-types.js";
import { WALK_OPTIONS } from "./pagination/paginate.js";
import { STREAM_OPTIONS } from "./streaming/stream.js";

type Obj = Record<string, unknown>;

/** What a method needs from its client: the path map's call, and the walk and stream helpers. */
export interface MethodHelpers {
  request(method: HttpMethod, path: string, init: Obj): Promise<AlliResponse<unknown>>;
  paginate(path: string, init: Obj, options: Obj): unknown;
  stream(path: string, init: Obj, options: Obj): unknown;
}

function plainObject(field: string, value: unknown): Obj {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new InvalidInputError(field, `must be an object, got ${Array.isArray(value) ? "an array" : typeof value}`);
  }
  return value as Obj;
}

function methodFor(op: OperationMeta, helpers: MethodHelpers): (...args: unknown[]) => unknown {
  const method = op.method.toUpperCase() as HttpMethod;
  const pathNames = Object.keys(op.pathParams ?? {});
  const hasParams = Boolean(op.query || op.requestBody);
  const walk = paginationAt(method, op.path);
  const stream = streamingAt(method, op.path);
  const helperKeys: readonly string[] = walk ? WALK_OPTIONS : stream ? STREAM_OPTIONS : [];

  /** The path map's init for these arguments, and the options meant for a helper. */
  function initOf(args: unknown[]): { init: Obj; helper: Obj } {
    const params = hasParams ? plainObject("params", args[pathNames.length]) : {};
    const options = plainObject("options", args[pathNames.length + (hasParams ? 1 : 0)]);
    const init: Obj = {};
    const helper: Obj = {};
    for (const key in options) {
      if ((REQUEST_OPTIONS as readonly string[]).includes(key)) init[key] = options[key];
      else if (helperKeys.includes(key)) helper[key] = options[key];
      else {
        const all = [...REQUEST_OPTIONS, ...helperKeys].join(", ");
        const rule = `is not an option of ${op.operationId} (options: ${all}); query parameters and body fields go in the params object`;
        throw new InvalidInputError(`options.${key}`, rule);
      }
    }
    let query: Obj | undefined;
    let body: Obj | undefined;
    for (const key in params) {
      // Without a body, an unknown key is left to the query check, which names it.
      if (Object.hasOwn(op.query ?? {}, key) || !op.requestBody) (query ??= {})[key] = params[key];
      else (body ??= {})[key] = params[key];
    }
    if (pathNames.length || query) {
      const path: Obj = {};
      for (let i = 0; i < pathNames.length; i++) path[pathNames[i]!] = args[i];
      init.params = pathNames.length ? { path, query } : { query };
    }
    // A required body is sent even when every field is optional and none was given.
    if (body || op.requestBody?.required) init.body = body ?? {};
    return { init, helper };
  }

  if (walk) {
    // Built on first use, so that bad input rejects the promise (or fails the loop) rather than throwing here.
    return (...args) =>
      new PagePromise(
        () => helpers.request(method, op.path, initOf(args).init) as never,
        () => {
          const { init, helper } = initOf(args);
          return helpers.paginate(op.path, init, helper) as never;
        },
      );
  }
  return (...args) => {
    const trigger = stream?.trigger;
    const given = args[pathNames.length] as Obj | undefined;
    if (trigger === "always" || (trigger && given?.[trigger.field] === trigger.value)) {
      // Like alli.stream: bad input throws here, and nothing is sent until the stream is read.
      const { init, helper } = initOf(args);
      return helpers.stream(op.path, init, helper);
    }
    const answer = (async () => {
      const { init, helper } = initOf(args);
      // A sync call takes no stream options: say so instead of ignoring them.
      const misplaced = Object.keys(helper)[0];
      if (misplaced && trigger) {
        const rule = `is a stream option: pass ${trigger.field}: ${JSON.stringify(trigger.value)} to stream`;
        throw new InvalidInputError(`options.${misplaced}`, rule);
      }
      return helpers.request(method, op.path, init);
    })();
    return new APIPromise(() => answer);
  };
}

/**
 * Defines one method per operation of the spec on `prototype`, named by its operationId: a getter
 * that makes the method of the client it is read on (so `const { getApp } = alli` works) and keeps it.
 */
export function defineMethods(prototype: object, helpersOf: (client: object) => MethodHelpers): void {
  for (const op of Object.values(allOperations())) {
    Object.defineProperty(prototype, op.operationId, {
      configurable: true,
      get(this: object) {
        const method = methodFor(op, helpersOf(this));
        Object.defineProperty(this, op.operationId, { value: method, configurable: true, writable: true });
        return method;
      },
    });
  }
}
