import preset from '../../jest.preset.js';

// Geometry unit tests (src/**/*.spec.ts) and the browser test (test/*.spec.ts, Chromium through
// playwright-core against the built api + worker); docs/web.md.
export default { ...preset, displayName: 'web', rootDir: import.meta.dirname };
