/**
 * What a method returns: a promise of the parsed body that also gives the whole answer
 * (`.withResponse()`), and for a paginated operation, every item across pages (`for await`).
 */
import type { PaginatedPath } from "../../generated/operations.js";
import type { AlliResponse } from "./method-types.js";
import type { Page, PageData, PageItem, PageIterator } from "./pagination/types.js";

/**
 * A promise of the parsed body. `await` it for the body alone, or call `.withResponse()` for
 * `{ data, response, requestId }`. Both read the same single request.
 */
export class APIPromise<T> extends Promise<T> {
  #answer: Promise<AlliResponse<T>> | undefined;
  #data: Promise<T> | undefined;
  readonly #send: () => Promise<AlliResponse<T>>;

  /** @internal `send` runs once, when the body or the response is first asked for. */
  constructor(send: () => Promise<AlliResponse<T>>) {
    // The base promise is never read: `then` reads the answer instead (resolved, so the base
    // itself never rejects). Like fetch's, a request a method started rejects unobserved if
    // nobody awaits it.
    super((resolve) => resolve(undefined as T));
    this.#send = send;
  }

  // `then` and friends hand back plain promises, not APIPromises that would send again.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /** The parsed body with the raw Response (status, headers) and the server's request id. */
  withResponse(): Promise<AlliResponse<T>> {
    return (this.#answer ??= this.#send());
  }

  #parsed(): Promise<T> {
    return (this.#data ??= this.withResponse().then((answer) => answer.data));
  }

  override then<R1 = T, R2 = never>(onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null, onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null): Promise<R1 | R2> {
    return this.#parsed().then(onFulfilled, onRejected);
  }

  override catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#parsed().catch(onRejected);
  }

  override finally(onFinally?: (() => void) | null): Promise<T> {
    return this.#parsed().finally(onFinally);
  }
}

/**
 * A paginated operation's result. Awaited, the first page's body (one request, with the params
 * as given); iterated with `for await`, every item across pages (a fresh walk each loop, as
 * `alli.paginate` does); `.pages()` walks page by page. Nothing is sent until one of them is used.
 */
export class PagePromise<P extends PaginatedPath> extends APIPromise<PageData<P>> implements AsyncIterable<PageItem<P>> {
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
