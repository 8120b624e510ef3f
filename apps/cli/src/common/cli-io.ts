/** Where a command reads its environment and writes, so tests can run commands in-process. */
export interface CliIo {
  env: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
  /** Whether stderr is a terminal (progress bar) or a pipe/log (plain lines). */
  isTty: boolean;
  /** Aborted by Ctrl-C / SIGTERM. */
  signal?: AbortSignal;
}
