import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';

/**
 * Makes a creating route honour `Idempotency-Key`. Put it ABOVE `@UseInterceptors(upload…)`:
 * decorators apply bottom-up, so it is appended last and runs inside the upload interceptor — the
 * fingerprint needs the digests of the uploaded files.
 */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Same key + same request within 24 h → the first answer again (same job id); same key + a different request → 422 (docs/client.md)',
    }),
    UseInterceptors(IdempotencyInterceptor),
  );
