export * from './pipeline.types.js';
export { runPipeline } from './run-pipeline.js';
export { DEFAULT_PIPELINE_SETTINGS } from './pipeline-settings.js';
export {
  readStripCall,
  type BlockReading,
  type ResendBudget,
  type StripCall,
  type StripReader,
} from './strip-bisection.js';
export { greyOf } from './text-layer-stage.js';
