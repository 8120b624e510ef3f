export * from './config/app-config.js';
export { Environment } from './config/environment.js';
