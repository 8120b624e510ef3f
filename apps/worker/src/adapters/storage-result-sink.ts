import { jobObjectKey } from '@remote-ocr/contracts';
import { resultBody, type ResultObject, type ResultSink } from '@remote-ocr/ocr-core';
import {
  StaleRunError,
  isStaleRunRefusal,
  type JobStore,
  type ObjectStore,
} from '@remote-ocr/storage';

/**
 * Puts result objects under the job prefix and records each in `job_files`. The record carries
 * the run (`runAttempt`): when the database refuses it (the job was deleted, restarted or taken
 * over while the upload was in flight) the object just uploaded is removed again, so a deleted
 * job leaves no orphaned copy of its document's results.
 */
export class StorageResultSink implements ResultSink {
  constructor(
    private readonly objects: ObjectStore,
    private readonly store: JobStore,
    private readonly jobId: string,
    private readonly signal: AbortSignal,
    private readonly runAttempt?: number,
  ) {}

  async put(object: ResultObject): Promise<void> {
    // A stopped run (pause, delete, restart) must not write anything more.
    this.signal.throwIfAborted();
    const key = jobObjectKey(this.jobId, object.name);
    const stored = await this.objects.put(key, resultBody(object), {
      contentType: object.contentType,
    });
    try {
      await this.store.files.add({
        jobId: this.jobId,
        fileType: object.fileType,
        objectKey: key,
        fileName: object.name.split('/').pop() ?? object.name,
        fileSize: stored.size,
        runAttempt: this.runAttempt,
      });
    } catch (error) {
      if (!isStaleRunRefusal(error)) throw error;
      await this.objects.delete(key);
      throw new StaleRunError(this.jobId, { cause: error });
    }
  }
}
