import preset from '../../jest.preset.js';

/** Repository checks that run with the tests (the unused-export check of the libs). */
export default {
  ...preset,
  displayName: 'checks',
  rootDir: import.meta.dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
