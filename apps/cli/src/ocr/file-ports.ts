import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  resultBody,
  type Block,
  type JobSource,
  type ResultObject,
  type ResultSink,
} from '@remote-ocr/ocr-core';

/** The job's inputs straight from the local disk: no copy, no object store. */
export class FileJobSource implements JobSource {
  constructor(
    private readonly pdfPath: string,
    private readonly blocks: Block[],
  ) {}

  fetchPdf(): Promise<string> {
    return Promise.resolve(this.pdfPath);
  }

  fetchBlocks(): Promise<Block[]> {
    return Promise.resolve(this.blocks);
  }
}

/** Writes each result object under `dir` by its name (`result.md`, `crops/image_<id>.pdf`…). */
export class DirectoryResultSink implements ResultSink {
  readonly written: string[] = [];

  constructor(private readonly dir: string) {}

  async put(object: ResultObject): Promise<void> {
    const target = path.resolve(this.dir, object.name);
    if (!target.startsWith(path.resolve(this.dir) + path.sep)) {
      throw new Error(`Refusing to write outside the output directory: ${object.name}`);
    }
    await mkdir(path.dirname(target), { recursive: true });
    // Write then rename, so an interrupted run never leaves a half-written result behind.
    const partial = `${target}.partial`;
    await writeFile(partial, resultBody(object));
    await rename(partial, target);
    this.written.push(object.name);
  }
}
