/** Something that can be closed: a Nest application or application context. */
export interface Closable {
  close(): Promise<void>;
}

/**
 * Closes the app on SIGTERM/SIGINT (running Nest's shutdown hooks: workers stop taking jobs and
 * hand back what they cannot finish) and then exits 0. Nest's own `enableShutdownHooks` re-raises
 * the signal after closing, so the process would end "killed by SIGTERM" instead of cleanly.
 * A second signal exits at once.
 */
export function exitCleanlyOnSignals(
  app: Closable,
  log: (message: string) => void = console.error,
): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    log(`${signal} received: shutting down`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
