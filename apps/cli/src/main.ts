#!/usr/bin/env node
import 'reflect-metadata';
import { EXIT_INTERRUPTED } from './common/cli-error.js';
import { runCli } from './program.js';

/**
 * Ctrl-C / SIGTERM abort the running command (engine calls stop, checkpoints stay, exit 130);
 * a second Ctrl-C quits at once.
 */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    process.stderr.write(`\n${name}: stopping… (Ctrl-C again to quit at once)\n`);
    controller.abort(new Error(`interrupted by ${name}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTty: Boolean(process.stderr.isTTY),
  signal: interruptSignal(),
});
