import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { DomainError } from '@remote-ocr/contracts';
import type { Observable } from 'rxjs';
import type { AuthedRequest } from '../common/api-key.guard.js';
import type { BudgetedRequest } from '../jobs/upload/upload-budget.js';
import { ClientQuotasService } from './client-quotas.service.js';

/** Room for the multipart framing and text fields next to the files in a Content-Length. */
export const FORM_OVERHEAD_BYTES = 64 * 1024;

const mb = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 1000) / 1000} MB`;

/**
 * A client key's `max_upload_mb` (docs/quotas.md), before multipart parsing starts: a declared
 * Content-Length over it is refused before one byte of the body is read (413, nothing written),
 * and otherwise the files are counted as they stream in (`upload-budget.ts`).
 */
@Injectable()
export class ClientUploadLimitInterceptor implements NestInterceptor {
  constructor(private readonly quotas: ClientQuotasService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuthedRequest & BudgetedRequest>();
    const limit = req.principal ? this.quotas.quotaFor(req.principal)?.maxUploadBytes : null;
    if (!limit || req.principal?.kind !== 'client' || !req.is('multipart/form-data'))
      return next.handle();
    const clientId = req.principal.clientId;
    const error = () =>
      new DomainError(
        'payload_too_large',
        `Upload is larger than the ${mb(limit)} client "${clientId}" may send (max_upload_mb)`,
      );
    const declared = Number(req.header('content-length'));
    if (Number.isFinite(declared) && declared > limit + FORM_OVERHEAD_BYTES) {
      // Nothing of the body is read or stored; the connection closes after the answer.
      context
        .switchToHttp()
        .getResponse<{ setHeader(n: string, v: string): void }>()
        .setHeader('Connection', 'close');
      throw error();
    }
    req.uploadBudget = { limit, used: 0, error };
    return next.handle();
  }
}
