/** Waits `ms`, or rejects with the reason of the first of `signals` to abort. */
export function sleep(ms: number, signals: readonly (AbortSignal | undefined)[] = []): Promise<void> {
  return new Promise((resolve, reject) => {
    const live = signals.filter((signal): signal is AbortSignal => signal !== undefined);
    const aborted = live.find((signal) => signal.aborted);
    if (aborted) return reject(aborted.reason);
    const unlink = () => {
      for (const signal of live) signal.removeEventListener("abort", onAbort);
    };
    const onAbort = (event: Event) => {
      clearTimeout(timer);
      unlink();
      reject((event.target as AbortSignal).reason);
    };
    const timer = setTimeout(() => {
      unlink();
      resolve();
    }, ms);
    for (const signal of live) signal.addEventListener("abort", onAbort, { once: true });
  });
}
