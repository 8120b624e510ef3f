import path from 'node:path';
import { parseConfig } from '@remote-ocr/server';
import { Command } from 'commander';
import type { CliIo } from '../common/cli-io.js';
import { runOcrCommand, type OcrCommandOptions, type OcrCommandResult } from './ocr.command.js';
import { BarProgressView, LineProgressView } from './progress-view.js';

function summaryLines(r: OcrCommandResult, seconds: number): string[] {
  const s = r.summary;
  const rel = path.relative(process.cwd(), r.outDir) || '.';
  const resumed = r.resumed > 0 ? `, ${r.resumed} from an earlier run` : '';
  return [
    `${s.blocksTotal} block(s): ${s.done} done, ${s.failed} failed${resumed} — ${s.engineCalls} engine call(s) in ${seconds.toFixed(1)} s`,
    ...(s.errorMessage
      ? [`warning: ${s.errorMessage}; run the same command again to retry them`]
      : []),
    `results in ${rel}/:`,
    ...r.files.map((f) => `  ${f}`),
  ];
}

/** `ocr <pdf>`: one document through the pipeline in this process (no Redis, no database). */
export function ocrCommand(io: CliIo): Command {
  return new Command('ocr')
    .description(
      'OCR one PDF locally, with the same pipeline as the server (no Redis, no database)',
    )
    .argument('<pdf>', 'the PDF to read')
    .option(
      '--blocks <file>',
      'blocks JSON (flat array or Document); default: one TEXT block per page',
    )
    .option(
      '--engine <name>',
      'local | openrouter | datalab (default: openrouter with a key, else local)',
    )
    .option('--out <dir>', 'output directory (default: ./ocr-out/<pdf name>)')
    .option('--model <name>', 'model for every call (openrouter)')
    .option('--fresh', 'ignore checkpoints of an earlier run into the same --out')
    .action(async (pdf: string, o: Omit<OcrCommandOptions, 'pdf'>) => {
      const config = parseConfig(io.env);
      const progress = io.isTty
        ? new BarProgressView()
        : new LineProgressView((line) => io.err(line));
      const started = performance.now();
      try {
        const result = await runOcrCommand({ ...o, pdf }, { config, progress, signal: io.signal });
        progress.stop();
        for (const line of summaryLines(result, (performance.now() - started) / 1000)) io.out(line);
      } finally {
        progress.stop();
      }
    });
}
