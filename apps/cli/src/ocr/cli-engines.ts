import { isEngineName } from '@remote-ocr/contracts';
import { AutoEngine } from '@remote-ocr/engines';
import type { OcrEngine } from '@remote-ocr/ocr-core';
import {
  ENGINE_KEY_VARIABLE,
  createLimitedEngine,
  createLocalEngine,
  defaultModelOf,
  type AppConfig,
} from '@remote-ocr/server';
import { CliError } from '../common/cli-error.js';

/** An engine for one local run, and how to release what it holds (OCR worker threads). */
export interface CliEngine {
  engine: OcrEngine;
  defaultModel?: string;
  close(): Promise<void>;
}

/**
 * Builds the named engine from the parsed environment, as the worker does (libs/server
 * use-cases/create-engines.ts). Paid engines get retries but no shared Redis limits: a one-shot
 * run is a single process, and its concurrency already bounds the rate.
 * @throws CliError for an unknown engine or a paid engine without its key
 */
export function createCliEngine(name: string, config: AppConfig): CliEngine {
  if (!isEngineName(name)) {
    throw new CliError(`Unknown engine "${name}" — use one of: local, openrouter, datalab, auto`);
  }
  if (name === 'auto') return autoCliEngine(config);
  if (name === 'local') {
    const local = createLocalEngine(config.engines.local);
    return { engine: local, close: () => local.close() };
  }
  const engine = createLimitedEngine(name, config.engines);
  if (!engine) {
    throw new CliError(
      `Engine "${name}" needs ${ENGINE_KEY_VARIABLE[name]} in the environment (or use --engine local)`,
    );
  }
  return {
    engine,
    defaultModel: defaultModelOf(name, config.engines),
    close: () => Promise.resolve(),
  };
}

/** `auto`: the text layer first, the first configured vision engine for the rest. */
function autoCliEngine(config: AppConfig): CliEngine {
  const e = config.engines;
  const inner = e.openrouter.apiKey ? 'openrouter' : e.datalab.apiKey ? 'datalab' : undefined;
  if (!inner) {
    throw new CliError(
      'Engine "auto" needs OPENROUTER_API_KEY or DATALAB_API_KEY in the environment (or use --engine local)',
    );
  }
  const model = createCliEngine(inner, config);
  return { ...model, engine: new AutoEngine(model.engine) };
}
