import path from 'node:path';
import { OcrApiError, OcrNetworkError, type JobAnswer } from '@remote-ocr/client';
import { Command } from 'commander';
import { CliError } from '../common/cli-error.js';
import type { CliIo } from '../common/cli-io.js';
import { SubmitBarView, SubmitLineView } from './submit-progress.js';
import { runSubmit, type SubmitOptions } from './submit.command.js';

/** Server answers become one readable line (the server's own `detail`), never a stack trace. */
function asCliError(error: unknown, server: string): unknown {
  if (error instanceof OcrApiError) return new CliError(`server refused: ${error.detail}`);
  if (error instanceof OcrNetworkError)
    return new CliError(`cannot reach ${server}: ${error.message}`);
  return error;
}

/** `submit <pdf>`: OCR a PDF on a running server and download its result. */
export function submitCommand(io: CliIo): Command {
  return new Command('submit')
    .description('Send a PDF and its blocks to a server, wait for the job, download result.zip')
    .argument('<pdf>', 'the PDF to send')
    .requiredOption('--blocks <file>', 'blocks JSON (flat array or Document)')
    .option(
      '--server <url>',
      'server base URL',
      io.env.REMOTE_OCR_SERVER ?? 'http://127.0.0.1:8000',
    )
    .option('--key <key>', 'X-API-Key (default: $REMOTE_OCR_API_KEY)', io.env.REMOTE_OCR_API_KEY)
    .option('--client-id <id>', 'client_id of the job', 'cli')
    .option('--task-name <name>', 'task_name of the job')
    .option('--engine <name>', 'local | openrouter | datalab (default: the server default)')
    .option('--out <file>', 'where to write result.zip (default: <pdf>.result.zip)')
    .option('--no-wait', 'only create the job and print its id')
    .action(async (pdf: string, o: Omit<SubmitOptions, 'pdf'>) => {
      const view = io.isTty ? new SubmitBarView() : new SubmitLineView((l) => io.err(l));
      try {
        const { job, resultFile } = await runSubmit({ ...o, pdf }, view, io.signal);
        view.stop();
        io.out(`job ${job.id}: ${job.status}${blocksNote(job)}`);
        if (resultFile) io.out(`result: ${path.relative(process.cwd(), resultFile) || resultFile}`);
      } catch (error) {
        throw asCliError(error, o.server);
      } finally {
        view.stop();
      }
    });
}

function blocksNote(j: Partial<JobAnswer>): string {
  if (!j.blocks_total) return '';
  return ` (${j.blocks_done ?? 0}/${j.blocks_total} blocks${j.blocks_failed ? `, ${j.blocks_failed} failed` : ''})`;
}
