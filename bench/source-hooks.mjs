// Lets `node` run the bench straight from ocr-core's TypeScript sources, without a build: Node
// 22.18+/24 strips types itself; this maps the `.js` specifiers of `module: nodenext` to the `.ts`
// files next to them. (src/pdf sticks to erasable TypeScript, so stripping is enough.)
import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

registerHooks({
  resolve(specifier, context, next) {
    const relative = specifier.startsWith('.');
    if (relative && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
      const ts = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
      if (existsSync(fileURLToPath(ts))) return next(ts.href, context);
    }
    return next(specifier, context);
  },
});
