import type { JobStore, ObjectStore } from '@remote-ocr/storage';
import type { Queue } from 'bullmq';

/** What the job use cases act on: the rows, the stored objects and the OCR queue. */
export interface JobPorts {
  store: JobStore;
  objects: ObjectStore;
  queue: Queue;
}
