/** What a command reads and writes, passed in so that commands run in-process in tests too. */
export interface CliContext {
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** Registers a handler for Ctrl-C (and SIGTERM) for the command's duration; returns its remover. */
  onInterrupt(handler: () => void): () => void;
}

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

/** The real process's streams, environment and signals. */
export function processContext(): CliContext {
  return {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    onInterrupt(handler) {
      // The first signal lets the command clean up; a second one means "now": exit at once.
      let received = 0;
      const listener = () => (++received > 1 ? process.exit(130) : handler());
      for (const signal of SIGNALS) process.on(signal, listener);
      return () => {
        for (const signal of SIGNALS) process.off(signal, listener);
      };
    },
  };
}
