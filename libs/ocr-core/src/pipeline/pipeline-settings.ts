import { cropName } from '@remote-ocr/contracts';
import type { OcrEngine } from '../ports/ocr-engine.port.js';
import { resolveStripLayout } from '../strips/strip-layout.js';
import type { StripLayout } from '../strips/strip.types.js';
import type { CallKind, EngineChoice, JobModels, PipelineSettings } from './pipeline.types.js';

const DEFAULT_PIPELINE_SETTINGS: PipelineSettings = {
  dpi: 300,
  paddingPx: 5,
  stripMaxHeight: 9000,
  stripMaxWidth: 4000,
  overlapPx: 100,
  concurrency: 4,
  readAhead: 2,
  imageMaxSide: 4000,
  resendsPerBlock: 1,
  cropUri: cropName,
};

/** Defaults filled in; `undefined` fields of the override keep the default. */
export function resolvePipelineSettings(
  overrides: Partial<PipelineSettings> = {},
): PipelineSettings {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const settings: PipelineSettings = { ...DEFAULT_PIPELINE_SETTINGS, ...defined };
  if (settings.concurrency < 1 || settings.readAhead < 0 || !(settings.resendsPerBlock >= 0)) {
    throw new RangeError('Pipeline concurrency must be ≥ 1, read-ahead and re-sends ≥ 0');
  }
  return settings;
}

/** The engine serving calls of one kind. */
export function engineFor(choice: EngineChoice, kind: CallKind): OcrEngine {
  return 'recognize' in choice ? choice : choice[kind];
}

const firstSet = (...names: Array<string | null | undefined>): string | undefined =>
  names.find((n): n is string => typeof n === 'string' && n.trim() !== '');

/** docs/contract.md §6: strips use text_model || table_model || default; images image_model first. */
export function modelFor(models: JobModels, kind: CallKind): string | undefined {
  if (kind === 'strip') return firstSet(models.text_model, models.table_model, models.default);
  return firstSet(models.image_model, models.text_model, models.table_model, models.default);
}

/** Strip layout for this run: the configured limit, never above what the strip engine reads. */
export function stripLayoutFor(settings: PipelineSettings, engine: OcrEngine): StripLayout {
  const engineLimit = engine.maxStripHeight ?? Number.POSITIVE_INFINITY;
  return resolveStripLayout({
    maxHeight: Math.min(settings.stripMaxHeight, engineLimit),
    maxWidth: settings.stripMaxWidth,
  });
}
