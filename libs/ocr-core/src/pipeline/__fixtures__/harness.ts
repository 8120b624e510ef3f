import type { Block } from '../../model/block.js';
import type { BlockCheckpoint } from '../../ports/pipeline.ports.js';
import { runPipeline } from '../run-pipeline.js';
import type {
  EngineChoice,
  JobModels,
  OcrJobSummary,
  PipelineSettings,
} from '../pipeline.types.js';
import { FakeRenderer } from './fake-renderer.js';
import {
  MemoryCheckpoints,
  MemorySink,
  MemorySource,
  RecordingProgress,
  tempPdf,
} from './memory-ports.js';
import { ScriptedEngine } from './scripted-engine.js';

export interface HarnessOptions {
  engine?: EngineChoice;
  checkpoints?: BlockCheckpoint[];
  settings?: Partial<PipelineSettings>;
  models?: JobModels;
}

/** In-memory ports around `runPipeline`; `run` may be called again to resume with the same store. */
export async function pipelineHarness(blocks: Block[], options: HarnessOptions = {}) {
  const pdf = await tempPdf();
  const checkpoints = new MemoryCheckpoints(options.checkpoints);
  const sink = new MemorySink();
  const renderer = new FakeRenderer();
  const progress = new RecordingProgress();
  const run = (
    engine: EngineChoice = options.engine ?? new ScriptedEngine(),
    signal?: AbortSignal,
  ): Promise<OcrJobSummary> =>
    runPipeline({
      engine,
      renderer,
      source: new MemorySource(pdf.path, blocks),
      sink,
      checkpoints,
      progress,
      signal,
      documentName: 'plan.pdf',
      models: options.models,
      settings: options.settings,
    });
  return { run, checkpoints, sink, renderer, progress, cleanup: pdf.cleanup };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `predicate` holds, polling every 5 ms (crops encode on libuv threads), ≤ 5 s. */
export async function until(predicate: () => boolean, tries = 1000): Promise<void> {
  for (let i = 0; i < tries && !predicate(); i++) await pause(5);
  if (!predicate()) throw new Error('condition never held');
}

/** Waits until `read()` stops changing for `quietPolls` polls in a row (work has stalled). */
export async function untilSteady(read: () => number, quietPolls = 20): Promise<number> {
  let last = read();
  for (let quiet = 0, i = 0; quiet < quietPolls && i < 2000; i++) {
    await pause(5);
    const now = read();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
  return last;
}
