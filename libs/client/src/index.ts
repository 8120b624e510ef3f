export * from './errors.js';
export type { ClientOptions, CallOptions } from './http.js';
export { HttpCore } from './http.js';
export * from './job-inputs.js';
export { OcrClient, type ListFilter, type LongPoll } from './ocr-client.js';
export { readSse, type SseMessage } from './sse-parser.js';
export { sha256Hex, type UploadProgress, type UploadSource } from './upload.js';
export { waitForJob, type WaitOptions, type WaitProgress } from './wait-for-job.js';
export type {
  CreatedJobAnswer,
  DeleteAnswer,
  EngineName,
  EventTokenAnswer,
  JobAnswer,
  JobDetailsAnswer,
  JobEvent,
  JobListAnswer,
  JobStatus,
  JobStatusAnswer,
  RenameAnswer,
  ResultLinkAnswer,
} from '@remote-ocr/contracts';
