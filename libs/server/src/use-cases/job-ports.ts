import type { JobStore, ObjectStore } from '@remote-ocr/storage';
import type { Queue } from 'bullmq';
import type { FairQueue } from '../queue/fair/fair-queue.js';

/**
 * What the job use cases act on: the rows, the stored objects, the OCR queue (runs, their state)
 * and the fair order in front of it, the one way runs are added or removed (docs/scaling-fairness.md).
 */
export interface JobPorts {
  store: JobStore;
  objects: ObjectStore;
  queue: Queue;
  fair: Pick<FairQueue, 'enqueue' | 'dequeue' | 'depth'>;
}
