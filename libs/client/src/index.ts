export * from './errors.js';
export type { ClientOptions, CallOptions } from './http.js';
export { HttpCore } from './http.js';
export * from './job-inputs.js';
export {
  OcrClient,
  type BlocksFilter,
  type ListFilter,
  type LongPoll,
  type RetryFailedOptions,
} from './ocr-client.js';
export { readSse, type SseMessage } from './sse-parser.js';
export { sha256Hex, type UploadProgress, type UploadSource } from './upload.js';
export { waitForJob, type WaitOptions, type WaitProgress } from './wait-for-job.js';
export { WebhookEndpointsApi } from './webhook-endpoints.js';
export type {
  BlockAnswer,
  CreatedJobAnswer,
  DeleteAnswer,
  EngineName,
  EventTokenAnswer,
  JobAnswer,
  JobDetailsAnswer,
  JobEstimateAnswer,
  JobUsageAnswer,
  DryRunAnswer,
  JobEvent,
  JobBlocksAnswer,
  JobListAnswer,
  JobStatus,
  JobStatusAnswer,
  RenameAnswer,
  ResultLinkAnswer,
  RotateSecretInput,
  WebhookEndpointAnswer,
  WebhookEndpointInput,
  WebhookEndpointWithSecretAnswer,
  ClientUsage,
  UsageAnswer,
  UsageLimits,
} from '@remote-ocr/contracts';
// Verifying webhooks (docs/webhooks.md): Web Crypto only, so the browser entry may carry it.
export {
  signWebhook,
  verifyWebhook,
  WebhookVerificationError,
  type VerifyOptions,
} from '@remote-ocr/contracts/webhook-signature';
