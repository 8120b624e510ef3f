import { DomainError } from '@remote-ocr/contracts';
import { ConfigError } from '@remote-ocr/server';

/** Exit code of a run stopped by Ctrl-C / SIGTERM (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** A failure the user can fix: printed as one line, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * The message to print for any error reaching the top level. Known errors (ours, domain errors,
 * configuration) are already written for people; anything else is a bug, so it keeps its name.
 */
export function describeError(error: unknown): string {
  if (error instanceof CliError || error instanceof DomainError) return error.message;
  if (error instanceof ConfigError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

export function exitCodeOf(error: unknown): number {
  return error instanceof CliError ? error.exitCode : 1;
}
