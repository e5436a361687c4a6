/** What a method returns: a promise of the parsed body, with `.withResponse()`, and for a list, its items and pages. */
import type { PaginatedPath } from "../../generated/operations.js";
import type { AlliResponse } from "./method-types.js";
import type { Page, PageData, PageItem, PageIterator } from "./pagination/types.js";

/** A promise of the parsed body; `.withResponse()` adds the raw Response and request id, from the same request. */
export class APIPromise<T> extends Promise<T> {
  #answer: Promise<AlliResponse<T>> | undefined;
  readonly #send: () => Promise<AlliResponse<T>>;

  /** @internal `send` runs once, when the body or the response is first asked for. */
  constructor(send: () => Promise<AlliResponse<T>>) {
    // The base promise is never read (`then` reads the answer), so it resolves at once and never rejects.
    super((resolve) => resolve(undefined as T));
    this.#send = send;
  }

  // Derived promises are plain ones, not APIPromises that would send again (`catch`, `finally` go through `then`).
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /** The parsed body with the raw Response (status, headers) and the server's request id. */
  withResponse(): Promise<AlliResponse<T>> {
    return (this.#answer ??= this.#send());
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
