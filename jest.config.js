export default {
  // In projects mode a project's own testTimeout is ignored; this one applies to every project.
  testTimeout: 60000,
  projects: [
    '<rootDir>/apps/*/jest.config.js',
    '<rootDir>/libs/*/jest.config.js',
    '<rootDir>/apps/api/test/cluster/jest.config.js',
    '<rootDir>/tools/checks/jest.config.js',
  ],
};
