export * from './fakes/recording-server.js';
export * from './fakes/fake-openrouter.server.js';
export * from './fakes/fake-datalab.server.js';
export * from './fakes/answer-with-markers.js';
export * from './fakes/load-stats.js';
export * from './fixtures/fixtures.js';
export * from './fixtures/render-crop.js';
export * from './process/run-ts.js';
