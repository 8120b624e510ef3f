import { existsSync } from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Where `nx run web:build` writes the web app (apps/web/dist), seen from src/ and dist/ alike. */
export const WEB_DIST_DIR = path.resolve(import.meta.dirname, '../../../web/dist');

/**
 * Script only from our origin, no plugins, no framing: the job view shows texts written by
 * engines, and this keeps even a sanitiser miss from running anything (docs/web.md). Downloads
 * may come from the object store's own host (presigned S3 links), hence `connect-src`.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' http: https:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the built web app at /app (docs/web.md): its files, and index.html for every other
 * GET under /app so client routes (`/app/jobs/<id>`) load on refresh. Files under /app/assets
 * that do not exist stay 404. Without a build it logs one line and /app stays a plain 404; the
 * api works either way. Public like /health: the app asks for the key itself.
 */
export function serveWebApp(
  app: NestExpressApplication,
  log: (line: string) => void,
  dir = WEB_DIST_DIR,
): boolean {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) {
    log(`web app not built (no ${index}): /app answers 404; \`npm run build\` builds it`);
    return false;
  }
  app.use('/app', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.useStaticAssets(dir, { prefix: '/app', index: false, maxAge: '1h' });
  app.use('/app', (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/assets/'))
      return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
