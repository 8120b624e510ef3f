import { jobObjectKey } from '@remote-ocr/contracts';
import { resultBody, type ResultObject, type ResultSink } from '@remote-ocr/ocr-core';
import type { JobStore, ObjectStore } from '@remote-ocr/storage';

/** Puts result objects under the job prefix and records each in `job_files`. */
export class StorageResultSink implements ResultSink {
  constructor(
    private readonly objects: ObjectStore,
    private readonly store: JobStore,
    private readonly jobId: string,
    private readonly signal: AbortSignal,
  ) {}

  async put(object: ResultObject): Promise<void> {
    // A stopped run (pause, delete, restart) must not write anything more.
    this.signal.throwIfAborted();
    const key = jobObjectKey(this.jobId, object.name);
    const stored = await this.objects.put(key, resultBody(object), {
      contentType: object.contentType,
    });
    await this.store.files.add({
      jobId: this.jobId,
      fileType: object.fileType,
      r2Key: key,
      fileName: object.name.split('/').pop() ?? object.name,
      fileSize: stored.size,
    });
  }
}
