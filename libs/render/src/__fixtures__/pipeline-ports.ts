// In-memory ports for running ocr-core's pipeline over real renderers. ocr-core's own test
// fixtures cannot be imported from here (the projects would depend on each other), so this is the
// small subset the render tests need: checkpoints and stored objects kept in maps, and an engine
// that echoes each block's text layer (`[N] text`) and records what it was sent.
import { buffer } from 'node:stream/consumers';
import {
  resultBody,
  type BlockCheckpoint,
  type CheckpointStore,
  type OcrEngine,
  type OcrRequest,
  type OcrResult,
  type ResultObject,
  type ResultSink,
} from '@remote-ocr/ocr-core';

export class MemoryCheckpoints implements CheckpointStore {
  readonly rows = new Map<string, BlockCheckpoint>();

  list(): Promise<BlockCheckpoint[]> {
    return Promise.resolve([...this.rows.values()]);
  }

  save(checkpoint: BlockCheckpoint): Promise<void> {
    this.rows.set(`${checkpoint.blockId}#${checkpoint.part}`, checkpoint);
    return Promise.resolve();
  }

  get(blockId: string, part = 0): BlockCheckpoint | undefined {
    return this.rows.get(`${blockId}#${part}`);
  }
}

export class MemorySink implements ResultSink {
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

export class EchoEngine implements OcrEngine {
  readonly name = 'echo';
  readonly requests: OcrRequest[] = [];

  recognize(request: OcrRequest): Promise<OcrResult> {
    this.requests.push(request);
    const text =
      request.kind === 'image'
        ? `{"description": "image ${request.blocks[0]?.id}"}`
        : request.blocks.map((b) => `[${b.index}] ${b.textLayer}`).join('\n');
    return Promise.resolve({ text, engine: this.name, usage: { inputTokens: 1, outputTokens: 1 } });
  }

  /** Block ids sent, call by call. */
  blockIds(): string[][] {
    return this.requests.map((r) => r.blocks.map((b) => b.id));
  }
}
