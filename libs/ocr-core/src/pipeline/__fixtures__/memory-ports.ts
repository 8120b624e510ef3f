import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Block } from '../../model/block.js';
import { buffer } from 'node:stream/consumers';
import {
  resultBody,
  type BlockCheckpoint,
  type CheckpointStore,
  type JobSource,
  type ProgressReporter,
  type ProgressUpdate,
  type ResultObject,
  type ResultSink,
} from '../../ports/pipeline.ports.js';

/** Checkpoints upserted by (block, part), like the database adapter. */
export class MemoryCheckpoints implements CheckpointStore {
  readonly rows = new Map<string, BlockCheckpoint>();
  saves = 0;

  constructor(initial: BlockCheckpoint[] = []) {
    for (const row of initial) this.rows.set(`${row.blockId}#${row.part}`, row);
  }

  list(): Promise<BlockCheckpoint[]> {
    return Promise.resolve([...this.rows.values()]);
  }

  save(checkpoint: BlockCheckpoint): Promise<void> {
    this.saves += 1;
    this.rows.set(`${checkpoint.blockId}#${checkpoint.part}`, checkpoint);
    return Promise.resolve();
  }

  get(blockId: string, part = 0): BlockCheckpoint | undefined {
    return this.rows.get(`${blockId}#${part}`);
  }
}

export class MemorySink implements ResultSink {
  /** What was put, streams read to the end. */
  readonly objects = new Map<string, ResultObject & { body: Uint8Array }>();

  async put(object: ResultObject): Promise<void> {
    const body = resultBody(object);
    const bytes = body instanceof Uint8Array ? body : new Uint8Array(await buffer(body));
    this.objects.set(object.name, { ...object, body: bytes });
  }

  text(name: string): string {
    const object = this.objects.get(name);
    if (!object) throw new Error(`${name} was not stored`);
    return new TextDecoder().decode(object.body);
  }
}

export class RecordingProgress implements ProgressReporter {
  readonly updates: ProgressUpdate[] = [];

  report(update: ProgressUpdate): void {
    this.updates.push(update);
  }
}

/** A job source whose PDF is a small file in a temp dir (the fake renderer never parses it). */
export class MemorySource implements JobSource {
  constructor(
    private readonly pdfPath: string,
    private readonly blocks: Block[],
  ) {}

  fetchPdf(): Promise<string> {
    return Promise.resolve(this.pdfPath);
  }

  fetchBlocks(): Promise<Block[]> {
    return Promise.resolve(this.blocks.map((b) => ({ ...b })));
  }
}

export const FAKE_PDF = new TextEncoder().encode('%PDF-1.4\n% fake document\n');

/** Creates a temp dir holding a fake PDF; `cleanup` removes it. */
export async function tempPdf(): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ocr-pipeline-'));
  const path = join(dir, 'document.pdf');
  await writeFile(path, FAKE_PDF);
  return { path, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A block with defaults: a 300 × `height` px box on an A4 page, its text layer `text of <id>`. */
export function makeBlock(id: string, overrides: Partial<Block> & { height?: number } = {}): Block {
  const { height = 100, ...rest } = overrides;
  const y = 100;
  return {
    id,
    page_index: 0,
    coords_px: [100, y, 400, y + height],
    coords_norm: [100 / 2480, y / 3508, 400 / 2480, (y + height) / 3508],
    block_type: 'text',
    shape_type: 'rectangle',
    pdfplumber_text: `text of ${id}`,
    ...rest,
  };
}
