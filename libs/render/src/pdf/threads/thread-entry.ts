// Starts a render thread that Node loads itself, both from the built library and from the
// TypeScript sources (jest transforms only the main thread; a worker thread is plain Node).
// Built: render-thread.js sits next to this file. Sources: a tiny ESM bootstrap (a data: URL, so
// there is no extra file to ship or copy) maps the `.js` specifiers of `module: nodenext` to the
// `.ts` files, which Node 22.18+/24 runs by stripping types — hence the thread's code sticks to
// erasable TypeScript (no enums, parameter properties or decorators); workspace packages
// (`@remote-ocr/*`) resolve to their sources too, through the same condition jest uses.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

function bootstrap(entry: string): string {
  return `
import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';
registerHooks({
  resolve(specifier, context, next) {
    if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
      const ts = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
      if (existsSync(fileURLToPath(ts))) return next(ts.href, context);
    }
    if (specifier.startsWith('@remote-ocr/')) {
      const conditions = [...(context.conditions ?? []), '@remote-ocr/source'];
      return next(specifier, { ...context, conditions });
    }
    return next(specifier, context);
  },
});
await import(${JSON.stringify(entry)});
`;
}

/**
 * V8 grows a thread's young generation up to 3 × 16 MB semi-spaces and keeps it committed:
 * measured on the 352-page book, each render thread's heap stayed at 86 MB committed for 20-30 MB
 * used, most of the RSS rise with page count. A render thread's garbage is mostly short-lived
 * small objects, so a small young generation costs little.
 */
const THREAD_LIMITS = { maxYoungGenerationSizeMb: 8 };

/** Starts `render-thread` in a worker thread with `workerData`. */
export function startRenderThread(workerData: unknown): Worker {
  const options = { workerData, resourceLimits: THREAD_LIMITS };
  const built = new URL('./render-thread.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return new Worker(built, options);
  const source = new URL('./render-thread.ts', import.meta.url).href;
  const code = `data:text/javascript,${encodeURIComponent(bootstrap(source))}`;
  return new Worker(new URL(code), options);
}
