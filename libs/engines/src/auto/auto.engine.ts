import type { OcrEngine, OcrRequest, OcrResult } from '@remote-ocr/ocr-core';

/**
 * `auto` (docs/auto-engine.md): the PDF's own text where its text layer passes the checks of
 * `planAutoBlock` — the pipeline reads those blocks itself (`textLayerFirst`) — and the wrapped
 * vision engine (openrouter, datalab or any OpenAI-compatible server) for everything else.
 * Answers carry the vision engine's name, so each block records which engine read it.
 */
export class AutoEngine implements OcrEngine {
  readonly name = 'auto';
  readonly textLayerFirst = true;
  readonly maxStripHeight?: number;
  readonly needsBlockCrops?: boolean;

  constructor(private readonly model: OcrEngine) {
    this.maxStripHeight = model.maxStripHeight;
    this.needsBlockCrops = model.needsBlockCrops;
  }

  /** The engine the rest of the blocks go to. */
  get modelEngine(): OcrEngine {
    return this.model;
  }

  recognize(request: OcrRequest): Promise<OcrResult> {
    return this.model.recognize(request);
  }
}
