import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '@remote-ocr/contracts';
import { runPipeline, type OcrJobSummary } from '@remote-ocr/ocr-core';
import { createRenderer } from '@remote-ocr/render';
import type { AppConfig } from '@remote-ocr/server';
import { CliError, EXIT_INTERRUPTED } from '../common/cli-error.js';
import { createCliEngine } from './cli-engines.js';
import { DirectoryResultSink, FileJobSource } from './file-ports.js';
import { JsonlCheckpointStore } from './jsonl-checkpoint-store.js';
import { prepareInput, type PreparedInput } from './prepare-input.js';
import type { ProgressView } from './progress-view.js';

export interface OcrCommandOptions {
  pdf: string;
  blocks?: string;
  /** Default: the server's default engine (openrouter with a key, else local). */
  engine?: string;
  /** Default `./ocr-out/<pdf name without .pdf>`. */
  out?: string;
  /** Ignore checkpoints of an earlier run. */
  fresh?: boolean;
  /** Model for every call (engines that take one). */
  model?: string;
}

export interface OcrCommandDeps {
  config: AppConfig;
  progress?: ProgressView;
  /** Ctrl-C / SIGTERM. */
  signal?: AbortSignal;
}

export interface OcrCommandResult {
  outDir: string;
  /** Result objects written, relative to `outDir`. */
  files: string[];
  checkpointFile: string;
  summary: OcrJobSummary;
  /** Blocks taken from the checkpoints of an earlier run. */
  resumed: number;
}

export const CHECKPOINT_FILE = '.checkpoints.jsonl';

export function defaultOutDir(pdf: string): string {
  return path.resolve('ocr-out', path.basename(pdf).replace(/\.pdf$/i, ''));
}

function fingerprint(input: PreparedInput, engine: string): string {
  const blocks = input.blocks.map((b) => [b.id, b.page_index, b.block_type, b.coords_norm]);
  return createHash('sha256')
    .update(JSON.stringify({ pdf: input.pdfSha256, engine, blocks }))
    .digest('hex');
}

/**
 * `ocr <pdf>`: the ocr-core pipeline in this process, with the PDF and blocks read from disk,
 * results and checkpoints written into the output directory, no Redis and no database.
 * @throws CliError for bad input, a missing engine key or an interrupted run
 */
// eslint-disable-next-line max-lines-per-function -- the one-shot run in order (input, engine, checkpoints, pipeline, results) with one finally that releases the engine
export async function runOcrCommand(
  options: OcrCommandOptions,
  deps: OcrCommandDeps,
): Promise<OcrCommandResult> {
  const { config } = deps;
  const engineName = options.engine ?? config.engines.default;
  const cli = createCliEngine(engineName, config);
  try {
    const input = await prepareInput(options.pdf, options.blocks, config.http);
    const outDir = path.resolve(options.out ?? defaultOutDir(options.pdf));
    const checkpointFile = path.join(outDir, CHECKPOINT_FILE);
    if (options.fresh) await rm(checkpointFile, { force: true });
    const checkpoints = new JsonlCheckpointStore(checkpointFile, fingerprint(input, engineName));
    const resumed = (await checkpoints.list()).filter((c) => c.status === 'done').length;
    const sink = new DirectoryResultSink(outDir);
    const summary = await runPipeline({
      engine: cli.engine,
      renderer: createRenderer({
        renderer: config.jobs.renderer,
        threads: config.jobs.renderThreads ?? undefined,
        textLayer: config.jobs.renderTextLayer,
      }),
      source: new FileJobSource(input.pdfPath, input.blocks),
      sink,
      checkpoints,
      progress: deps.progress,
      signal: deps.signal,
      documentName: input.documentName,
      models: { text_model: options.model, image_model: options.model, default: cli.defaultModel },
      settings: {
        stripMaxHeight: config.jobs.stripMaxHeight,
        concurrency: config.jobs.engineConcurrency,
      },
    }).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'job_cancelled') {
        throw new CliError(
          `Interrupted — finished blocks are saved in ${checkpointFile}; run the same command again to resume`,
          EXIT_INTERRUPTED,
        );
      }
      throw error;
    });
    return { outDir, files: sink.written, checkpointFile, summary, resumed };
  } finally {
    await cli.close();
  }
}
