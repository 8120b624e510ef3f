export * from './pipeline.types.js';
export { runPipeline } from './run-pipeline.js';
export {
  readStripCall,
  type BlockReading,
  type ResendBudget,
  type StripCall,
  type StripReader,
} from './strip-bisection.js';
