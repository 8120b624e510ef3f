import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Tag rules of ARCHITECTURE.md; tests and benchmarks may also use the testing lib, and the real
 * renderer (a pipeline test renders real PDFs, where users have real PDFs).
 */
function boundaries(forTests) {
  const extra = forTests ? ['type:testing', 'type:render'] : [];
  const rule = (sourceTag, tags) => ({ sourceTag, onlyDependOnLibsWithTags: [...tags, ...extra] });
  return {
    allow: [],
    enforceBuildableLibDependency: false,
    depConstraints: [
      rule('type:contracts', []),
      rule('type:core', ['type:contracts']),
      rule('type:render', ['type:contracts', 'type:core']),
      rule('type:adapter', ['type:contracts', 'type:core']),
      rule('type:testing', ['type:contracts', 'type:core', 'type:adapter', 'type:render']),
      rule('type:server', ['type:contracts', 'type:core', 'type:adapter', 'type:render']),
      rule('type:client', ['type:contracts']),
      rule('type:app', [
        'type:contracts',
        'type:core',
        'type:adapter',
        'type:server',
        'type:client',
        'type:render',
      ]),
    ],
  };
}

export default tseslint.config(
  {
    // Hand-written declarations of plain-JS tools (tools/*.d.mts) are checked by tsc, not linted.
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      '.nx/**',
      'data/**',
      'tmp/**',
      '**/*.d.mts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'off',
      '@nx/enforce-module-boundaries': ['error', boundaries(false)],
    },
  },
  {
    // Libraries stay importable by other teams: no Nest/BullMQ, no environment reads.
    files: [
      'libs/contracts/src/**/*.ts',
      'libs/ocr-core/src/**/*.ts',
      'libs/render/src/**/*.ts',
      'libs/engines/src/**/*.ts',
      'libs/storage/src/**/*.ts',
      'libs/client/src/**/*.ts',
    ],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'bullmq', '@bull-board/*'],
              message: 'Libraries must not depend on Nest or BullMQ.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Libraries take settings through constructors; apps read the environment.',
        },
      ],
    },
  },
  {
    files: ['libs/ocr-core/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'bullmq',
                'ioredis',
                'pg',
                'kysely',
                '@supabase/*',
                '@aws-sdk/*',
                'undici',
                'node:http',
                'node:https',
                'http',
                'https',
                'pdfjs-dist',
                'pdfjs-dist/*',
                '@embedpdf/*',
                'pdf-lib',
                'node:worker_threads',
                'worker_threads',
              ],
              message:
                'ocr-core is pure: no Nest, queues, databases, storage SDKs, HTTP clients, PDF libraries or threads (those live in @remote-ocr/render).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/render/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'bullmq',
                'ioredis',
                'pg',
                '@supabase/*',
                '@aws-sdk/*',
                'undici',
                'node:http',
                'node:https',
                'http',
                'https',
              ],
              message:
                'render reads and draws PDFs: no Nest, queues, databases or network clients.',
            },
          ],
        },
      ],
    },
  },
  {
    // The client's main entry runs in browsers too: Node-only code lives in its `node` entry.
    files: ['libs/client/src/**/*.ts'],
    ignores: ['libs/client/src/node.ts', 'libs/client/src/node/**', '**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'fs',
                'path',
                'stream',
                'crypto',
                'http',
                'https',
                'undici',
                '@nestjs/*',
              ],
              message: 'The client main entry must run in browsers; put Node code in src/node.',
            },
          ],
        },
      ],
    },
  },
  {
    // Size rules (docs/architecture.md): a longer file or function says why in a disable comment.
    files: [
      'apps/**/*.{ts,mjs,js}',
      'libs/**/*.{ts,mjs,js}',
      'tools/**/*.{ts,mjs}',
      'bench/**/*.{ts,mjs}',
    ],
    ignores: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/test/**',
      '**/__fixtures__/**',
      // Shared describe() suites the stores' specs run: test code, exempt like specs.
      'libs/storage/src/testing/**',
      '**/jest.config.js',
    ],
    rules: {
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': [
        'error',
        { max: 40, skipBlankLines: true, skipComments: true, IIFEs: true },
      ],
    },
  },
  {
    // Tests, benchmarks and configs may use looser typing of fixtures and JSON.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**/*.ts', 'bench/**', 'tools/**'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries(true)],
      // Tests read wire JSON and fixtures, which are untyped by nature.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The web app (docs/web.md): React in the browser, type-aware like the rest.
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser },
    },
    ignores: ['apps/web/**/*.spec.ts', 'apps/web/test/**'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'max-lines': ['error', 300],
      'max-lines-per-function': ['error', { max: 40, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, program: null },
      globals: { ...globals.node },
    },
  },
  prettier,
);
