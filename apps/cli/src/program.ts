import { Command, CommanderError } from 'commander';
import { describeError, exitCodeOf } from './common/cli-error.js';
import type { CliIo } from './common/cli-io.js';
import { ocrCommand } from './ocr/ocr.cli.js';
import { queueCommand } from './ops/queue.command.js';
import { submitCommand } from './submit/submit.cli.js';
import { storageCommand } from './ops/storage.command.js';
import { pricesCommand } from './ops/prices.command.js';

/** Commander settings every (sub)command needs: throw instead of exiting, write through `io`. */
function configure(command: Command, io: CliIo): void {
  command
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
    });
  for (const sub of command.commands) configure(sub, io);
}

/** The `remote-ocr` command line: a one-shot OCR run and the queue operations. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('remote-ocr')
    .description('Remote OCR Server command line')
    // Each command parses its own options (`ocr submit` and `ocr` share option names).
    .enablePositionalOptions()
    // `npm run ocr -- submit <pdf> …` arrives as `ocr submit …`; positional options keep ocr's own
    // --blocks/--engine/--out from taking those of submit.
    .addCommand(ocrCommand(io).enablePositionalOptions().addCommand(submitCommand(io)))
    .addCommand(queueCommand(io))
    .addCommand(submitCommand(io))
    .addCommand(storageCommand(io))
    .addCommand(pricesCommand(io));
  configure(program, io);
  return program;
}

/**
 * Runs the command line `args` (without `node` and the script) and returns the exit code. Errors
 * become one `error: …` line on stderr, never a stack trace.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...args], { from: 'user' });
    return 0;
  } catch (error) {
    // Commander already printed its usage errors (and help, which "fails" with code 0).
    if (error instanceof CommanderError) return error.exitCode;
    io.err(`error: ${describeError(error)}`);
    return exitCodeOf(error);
  }
}
