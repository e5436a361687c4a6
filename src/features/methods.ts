/** One method per operation (as scripts/lib/methods-codegen.ts types it), sent by the path map, paginate or stream. */
import type { PaginatedPath } from "../../generated/operations.js";
import { InvalidInputError } from "../errors/errors.js";
import { allOperations, paginationAt, streamingAt, type HttpMethod, type OperationMeta } from "../core/operations.js";
import { REQUEST_OPTIONS } from "../core/options.js";
import type { AlliResponse } from "./method-types.js";
import { WALK_OPTIONS } from "./pagination/paginate.js";
import type { Page, PageData, PageItem, PageIterator } from "./pagination/types.js";
import { STREAM_OPTIONS } from "./streaming/stream.js";

type Obj = Record<string, unknown>;
const IN_PARAMS = "query parameters and body fields go in the params object";
/** A promise of the parsed body; `.withResponse()` adds the raw Response and request id, from the same request. */
export class APIPromise<T> extends Promise<T> {
  #answer: Promise<AlliResponse<T>> | (() => Promise<AlliResponse<T>>);
  /** @internal `send` runs once, when the body or the response is first asked for. */
  constructor(send: () => Promise<AlliResponse<T>>) {
    // The base promise is never read (`then` reads the answer), so it resolves at once and never rejects.
    super((resolve) => resolve(undefined as T));
    this.#answer = send;
  }
  // Derived promises are plain ones, not APIPromises that would send again (`catch`, `finally` go through `then`).
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }
  /** The parsed body with the raw Response (status, headers) and the server's request id. */
  withResponse(): Promise<AlliResponse<T>> {
    return typeof this.#answer === "function" ? (this.#answer = this.#answer()) : this.#answer;
  }
  override then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const data = this.withResponse().then((answer) => answer.data);
    return data.then(onFulfilled, onRejected);
  }
}
/** A list's result: awaited, its first page's body; with `for await`, every item across pages; `.pages()`, pages. */
export class PagePromise<P extends PaginatedPath> extends APIPromise<PageData<P>> implements PageIterator<P> {
  readonly #walk: () => PageIterator<P>;
  /** @internal */
  constructor(send: () => Promise<AlliResponse<PageData<P>>>, walk: () => PageIterator<P>) {
    super(send);
    this.#walk = walk;
  }
  [Symbol.asyncIterator](): AsyncIterableIterator<PageItem<P>> {
    return this.#walk()[Symbol.asyncIterator]();
  }
  /** The walk page by page, each page with its items, raw response and position. */
  pages(): AsyncIterableIterator<Page<P>> {
    return this.#walk().pages();
  }
}
export interface MethodHelpers {
  request(method: HttpMethod, path: string, init: Obj): Promise<AlliResponse<unknown>>;
  paginate(path: string, init: Obj, options: Obj): unknown;
  stream(path: string, init: Obj, options: Obj): unknown;
}
function plainObject(field: string, value: unknown): Obj {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value))
    throw new InvalidInputError(field, `must be an object, got ${Array.isArray(value) ? "an array" : typeof value}`);
  return value as Obj;
}
function methodFor(op: OperationMeta, helpers: MethodHelpers): (...args: unknown[]) => unknown {
  const method = op.method.toUpperCase() as HttpMethod;
  const pathNames = Object.keys(op.pathParams ?? {});
  const hasParams = Boolean(op.query || op.requestBody);
  const walk = paginationAt(method, op.path);
  const trigger = streamingAt(method, op.path)?.trigger;
  const helperKeys: readonly string[] = walk ? WALK_OPTIONS : trigger ? STREAM_OPTIONS : [];
  const all = [...REQUEST_OPTIONS, ...helperKeys].join(", ");
  const notAnOption = (key: string) =>
    new InvalidInputError(`options.${key}`, `is not an option of ${op.operationId} (options: ${all}); ${IN_PARAMS}`);
  function initOf(args: unknown[]): [init: Obj, helper: Obj] {
    const params = hasParams ? plainObject("params", args[pathNames.length]) : {};
    const options = plainObject("options", args[pathNames.length + (hasParams ? 1 : 0)]);
    const init: Obj = {};
    const helper: Obj = {};
    for (const key in options) {
      if ((REQUEST_OPTIONS as readonly string[]).includes(key)) init[key] = options[key];
      else if (helperKeys.includes(key)) helper[key] = options[key];
      else throw notAnOption(key);
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
    return [init, helper];
  }
  // Built on first use, so that bad input rejects the promise (or fails the loop) rather than throwing here.
  if (walk)
    return (...args) =>
      new PagePromise(
        () => helpers.request(method, op.path, initOf(args)[0]) as never,
        () => helpers.paginate(op.path, ...initOf(args)) as never,
      );
  return (...args) => {
    // Like alli.stream: bad input throws here, and nothing is sent until the stream is read.
    const given = args[pathNames.length] as Obj | undefined;
    if (trigger === "always" || (trigger && given?.[trigger.field] === trigger.value))
      return helpers.stream(op.path, ...initOf(args));
    const answer = (async () => {
      const [init, helper] = initOf(args);
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
/** One method per operation on `prototype`, by operationId: a getter that makes and keeps the client's own method. */
export function defineMethods(prototype: object, helpersOf: (client: object) => MethodHelpers): void {
  for (const op of Object.values(allOperations()))
    Object.defineProperty(prototype, op.operationId, {
      configurable: true,
      get(this: object) {
        const method = methodFor(op, helpersOf(this));
        Object.defineProperty(this, op.operationId, { value: method, configurable: true, writable: true });
        return method;
      },
    });
}
