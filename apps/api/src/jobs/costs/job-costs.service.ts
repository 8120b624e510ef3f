import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import {
  JOB_OBJECT_NAMES,
  jobObjectKey,
  type EngineName,
  type JobRecord,
} from '@remote-ocr/contracts';
import {
  DEFAULT_PIPELINE_SETTINGS,
  estimateJob,
  resolveStripLayout,
  type JobEstimate,
} from '@remote-ocr/ocr-core';
import {
  APP_CONFIG,
  JOB_STORE,
  OBJECT_STORE,
  USAGE_STORE,
  checkJobInput,
  defaultModelOf,
  type AppConfig,
  type CheckedJobInput,
} from '@remote-ocr/server';
import {
  readObjectText,
  type JobStore,
  type ObjectStore,
  type UsageRepository,
} from '@remote-ocr/storage';
import { TEXT_LAYER_BLOCKS, type TextLayerBlocks } from './text-layer-blocks.js';
import { estimateView, jobUsageView } from './usage-views.js';

/** Engines that call a paid model (the estimate counts their calls and tokens). */
// `auto` sends what its text layer cannot answer to a model (docs/auto-engine.md).
const MODEL_ENGINES: ReadonlySet<string> = new Set(['openrouter', 'datalab', 'auto']);

/** Models a job names, as the create/start forms carry them. */
export interface ModelChoice {
  text_model?: string;
  table_model?: string;
  image_model?: string;
}

/** Estimates, usage and spending caps of jobs (docs/costs.md). */
@Injectable()
export class JobCostsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    @Inject(USAGE_STORE) private readonly usage: UsageRepository,
    @Inject(TEXT_LAYER_BLOCKS) private readonly textLayer: TextLayerBlocks,
  ) {}

  /** Estimate of an uploaded PDF and blocks text: validated like `POST /jobs`, nothing stored. */
  async estimateUpload(
    pdfPath: string,
    blocksText: string,
    engine: EngineName,
    models: ModelChoice,
    documentName: string,
  ) {
    const checked = await checkJobInput(pdfPath, blocksText, this.config.http);
    return this.estimate(pdfPath, checked, engine, models, documentName);
  }

  /** Estimate of a stored draft (`dry_run`): its PDF is read into a temp dir removed at once. */
  async estimateDraft(job: JobRecord, engine: EngineName, models: ModelChoice) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'remote-ocr-estimate-'));
    try {
      const pdfPath = path.join(dir, JOB_OBJECT_NAMES.pdf);
      await this.objects.download(jobObjectKey(job.id, JOB_OBJECT_NAMES.pdf), pdfPath);
      const text = await readObjectText(
        this.objects,
        jobObjectKey(job.id, JOB_OBJECT_NAMES.blocks),
      );
      return await this.estimateUpload(pdfPath, text, engine, models, job.documentName);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async estimate(
    pdfPath: string,
    checked: CheckedJobInput,
    engine: EngineName,
    models: ModelChoice,
    documentName: string,
  ) {
    const fromLayer = await this.textLayer({ pdfPath, blocks: checked.blocks, engine });
    const result: JobEstimate = estimateJob({
      blocks: checked.blocks,
      pageCount: checked.pageCount,
      pageSizes: fillPageSizes(checked),
      engines: { strip: engineInfo(engine), image: engineInfo(engine) },
      models: {
        ...models,
        default: defaultModelOf(engine, this.config.engines) ?? null,
      },
      settings: DEFAULT_PIPELINE_SETTINGS,
      layout: resolveStripLayout({
        maxHeight: Math.min(
          this.config.jobs.stripMaxHeight,
          DEFAULT_PIPELINE_SETTINGS.stripMaxHeight,
        ),
        maxWidth: DEFAULT_PIPELINE_SETTINGS.stripMaxWidth,
      }),
      prices: this.config.costs.prices,
      documentName,
      textLayer: () => fromLayer,
    });
    return estimateView(result);
  }

  /** The `usage` field of a job's views, with its cap. */
  async usageOf(jobId: string) {
    const [totals, maxCost] = await Promise.all([
      this.usage.jobTotals(jobId),
      this.usage.getMaxCost(jobId),
    ]);
    return jobUsageView(totals, maxCost);
  }

  /** Sets the job's `max_cost` when the form gave one (a later value replaces it). */
  async setMaxCost(jobId: string, maxCost: number | undefined): Promise<void> {
    if (maxCost !== undefined) await this.usage.setMaxCost(jobId, maxCost);
  }
}

const engineInfo = (engine: EngineName) => ({ name: engine, usesModel: MODEL_ENGINES.has(engine) });

/** Page sizes of every page a block is on (the PDF's, else recovered from the blocks). */
function fillPageSizes(checked: CheckedJobInput): CheckedJobInput['pageSizes'] {
  const sizes = [...checked.pageSizes];
  for (const block of checked.blocks) {
    if (sizes[block.page_index]) continue;
    const [, , x2, y2] = block.coords_px;
    const [, , nx2, ny2] = block.coords_norm;
    if (nx2 > 0 && ny2 > 0) sizes[block.page_index] = { width: x2 / nx2, height: y2 / ny2 };
  }
  return sizes;
}
