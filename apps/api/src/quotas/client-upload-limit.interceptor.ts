import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { DomainError } from '@remote-ocr/contracts';
import { APP_CONFIG, type AppConfig } from '@remote-ocr/server';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import type { AuthedRequest } from '../common/api-key.guard.js';
import type { BudgetedRequest } from '../jobs/upload/upload-budget.js';
import { ClientQuotasService } from './client-quotas.service.js';

/** Room for the multipart framing and text fields next to the files in a Content-Length. */
export const FORM_OVERHEAD_BYTES = 64 * 1024;

const mb = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 1000) / 1000} MB`;

/**
 * A client key's `max_upload_mb` (docs/quotas.md), before multipart parsing starts: a declared
 * Content-Length over it is refused before the body is parsed (413, nothing written), and
 * otherwise the files are counted as they stream in and cut at the first byte over
 * (`upload-budget.ts`).
 */
@Injectable()
export class ClientUploadLimitInterceptor implements NestInterceptor {
  constructor(
    private readonly quotas: ClientQuotasService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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
      this.discardBody(context, declared);
      throw error();
    }
    req.uploadBudget = { limit, used: 0, error };
    return next.handle();
  }

  /**
   * Nothing of a refused body is written anywhere. A body within the server's own upload limit is
   * read and dropped, so the client gets its answer instead of a broken pipe (as multer does for
   * `MAX_UPLOAD_MB`); a larger one is not read at all: the connection closes after the answer.
   */
  private discardBody(context: ExecutionContext, declared: number): void {
    const http = context.switchToHttp();
    if (declared <= this.config.http.maxUploadBytes + FORM_OVERHEAD_BYTES) {
      http.getRequest<AuthedRequest>().resume();
    } else {
      http.getResponse<Response>().setHeader('Connection', 'close');
    }
  }
}
