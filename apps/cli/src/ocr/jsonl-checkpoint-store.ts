import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BlockCheckpoint, CheckpointStore } from '@remote-ocr/ocr-core';

interface Header {
  kind: 'remote-ocr-checkpoints';
  fingerprint: string;
}

/**
 * Block checkpoints of a one-shot run in a JSON Lines file (a header, then one line per finished
 * block). Appending keeps each save O(1) on long documents; a torn last line from a crash is
 * ignored. The header's fingerprint (PDF hash, blocks, engine) makes a run on other inputs start
 * afresh instead of reusing texts that belong to something else.
 */
export class JsonlCheckpointStore implements CheckpointStore {
  private chain: Promise<void> = Promise.resolve();
  private ready = false;

  constructor(
    readonly file: string,
    private readonly fingerprint: string,
  ) {}

  async list(): Promise<BlockCheckpoint[]> {
    const lines = await readLines(this.file);
    const header = parseLine<Header>(lines[0] ?? '');
    if (header?.kind !== 'remote-ocr-checkpoints' || header.fingerprint !== this.fingerprint) {
      return [];
    }
    this.ready = true;
    const latest = new Map<string, BlockCheckpoint>();
    for (const line of lines.slice(1)) {
      const c = parseLine<BlockCheckpoint>(line);
      if (c && typeof c.blockId === 'string') latest.set(`${c.blockId}#${c.part}`, c);
    }
    return [...latest.values()];
  }

  save(checkpoint: BlockCheckpoint): Promise<void> {
    // Saves arrive concurrently; one chain keeps lines whole and in order.
    const next = this.chain.then(() => this.append(checkpoint));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async append(checkpoint: BlockCheckpoint): Promise<void> {
    if (!this.ready) {
      await mkdir(path.dirname(this.file), { recursive: true });
      const header: Header = { kind: 'remote-ocr-checkpoints', fingerprint: this.fingerprint };
      await writeFile(this.file, `${JSON.stringify(header)}\n`);
      this.ready = true;
    }
    await appendFile(this.file, `${JSON.stringify(checkpoint)}\n`);
  }
}

async function readLines(file: string): Promise<string[]> {
  try {
    return (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim() !== '');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function parseLine<T>(line: string): T | null {
  try {
    return JSON.parse(line) as T;
  } catch {
    return null;
  }
}
