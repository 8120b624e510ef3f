import { isEngineName, type EngineName } from '@remote-ocr/contracts';
import {
  AutoEngine,
  DatalabEngine,
  LimitedEngine,
  LocalEngine,
  OpenRouterEngine,
} from '@remote-ocr/engines';
import type { OcrEngine } from '@remote-ocr/ocr-core';
import type { AppConfig } from '@remote-ocr/server';
import { CliError } from '../common/cli-error.js';

/** An engine for one local run, and how to release what it holds (OCR worker threads). */
export interface CliEngine {
  engine: OcrEngine;
  defaultModel?: string;
  close(): Promise<void>;
}

const KEY_VARIABLE: Record<Exclude<EngineName, 'local' | 'auto'>, string> = {
  openrouter: 'OPENROUTER_API_KEY',
  datalab: 'DATALAB_API_KEY',
};

/**
 * Builds the named engine from the parsed environment. Paid engines get retries but no shared
 * Redis limits: a one-shot run is a single process, and its concurrency already bounds the rate.
 * @throws CliError for an unknown engine or a paid engine without its key
 */
export function createCliEngine(name: string, config: AppConfig): CliEngine {
  if (!isEngineName(name)) {
    throw new CliError(`Unknown engine "${name}" — use one of: local, openrouter, datalab, auto`);
  }
  const e = config.engines;
  if (name === 'auto') return autoCliEngine(config);
  if (name === 'local') {
    const local = new LocalEngine({
      languages: e.local.langs.split('+').filter(Boolean),
      extraLangDirs: e.local.tessdataDir ? [e.local.tessdataDir] : [],
    });
    return { engine: local, close: () => local.close() };
  }
  const apiKey = name === 'openrouter' ? e.openrouter.apiKey : e.datalab.apiKey;
  if (!apiKey) {
    throw new CliError(
      `Engine "${name}" needs ${KEY_VARIABLE[name]} in the environment (or use --engine local)`,
    );
  }
  const inner =
    name === 'openrouter'
      ? new OpenRouterEngine({
          apiKey,
          baseUrl: e.openrouter.baseUrl,
          defaultModel: e.openrouter.defaultModel,
        })
      : new DatalabEngine({
          apiKey,
          baseUrl: e.datalab.baseUrl,
          pollIntervalMs: e.datalab.pollIntervalMs,
          maxPolls: e.datalab.maxPolls,
        });
  return {
    engine: new LimitedEngine(inner),
    defaultModel: name === 'openrouter' ? e.openrouter.defaultModel : undefined,
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
