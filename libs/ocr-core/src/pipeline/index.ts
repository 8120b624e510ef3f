export * from './pipeline.types.js';
export { runOcrJob } from './run-ocr-job.js';
export {
  readStripCall,
  type BlockReading,
  type ResendBudget,
  type StripCall,
  type StripReader,
} from './strip-bisection.js';
