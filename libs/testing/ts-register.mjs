// Lets plain `node` run the workspace's TypeScript sources (child processes of integration tests,
// benchmarks): `node --import ./libs/testing/ts-register.mjs script.ts`.
// Why our own hook: Node's built-in type stripping cannot compile decorators (contracts uses
// class-validator) nor map the `.js` specifiers of `module: nodenext` to `.ts` files, and no
// TS runner (tsx, ts-node) is installed; @swc/core already is (jest uses it), so the same
// compiler settings as jest.preset.js are applied here.
import { existsSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';
import swc from '@swc/core';

const SOURCE_CONDITION = '@remote-ocr/source';

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2023',
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

registerHooks({
  resolve(specifier, context, nextResolve) {
    const conditions = context.conditions.includes(SOURCE_CONDITION)
      ? context.conditions
      : [SOURCE_CONDITION, ...context.conditions];
    const isRelative = specifier.startsWith('.') || specifier.startsWith('/');
    if (isRelative && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
      const tsUrl = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
      if (existsSync(fileURLToPath(tsUrl))) {
        return nextResolve(tsUrl.href, { ...context, conditions });
      }
    }
    return nextResolve(specifier, { ...context, conditions });
  },
  load(url, context, nextLoad) {
    if (!url.startsWith('file:') || !url.endsWith('.ts') || url.includes('/node_modules/')) {
      return nextLoad(url, context);
    }
    const filename = fileURLToPath(url);
    const { code } = swc.transformSync(readFileSync(filename, 'utf8'), { ...swcOptions, filename });
    return { format: 'module', source: code, shortCircuit: true };
  },
});
