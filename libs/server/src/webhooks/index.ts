export * from './webhook-url-guard.js';
export * from './webhook-sender.js';
export * from './webhook-delivery.js';
export * from './webhook-dispatcher.js';
export * from './repository-delivery-store.js';
export * from './endpoint-fanout.js';
export * from './endpoint-input.js';
