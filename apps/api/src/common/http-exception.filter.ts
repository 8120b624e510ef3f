import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { ErrorBody } from '@remote-ocr/contracts';
import type { Response } from 'express';
import { mapDomainError } from './error-status.js';

const MULTER_STATUS: Record<string, [number, string]> = {
  LIMIT_FILE_SIZE: [413, 'Uploaded file is too large'],
  LIMIT_FIELD_VALUE: [413, 'A form field is too large'],
  LIMIT_PART_COUNT: [400, 'Too many parts in the multipart form'],
  LIMIT_FILE_COUNT: [400, 'Too many files in the multipart form'],
  LIMIT_FIELD_COUNT: [400, 'Too many fields in the multipart form'],
  LIMIT_FIELD_KEY: [400, 'A form field name is too long'],
  LIMIT_UNEXPECTED_FILE: [400, 'Unexpected file field'],
};

function httpExceptionBody(exception: HttpException): ErrorBody {
  const response = exception.getResponse();
  if (typeof response === 'string') return { detail: response };
  const r = response as { detail?: unknown; message?: unknown; code?: unknown };
  if (typeof r.detail === 'string') return r as ErrorBody;
  const message = Array.isArray(r.message)
    ? r.message.join('; ')
    : typeof r.message === 'string'
      ? r.message
      : exception.message;
  return { detail: message };
}

/** The one place errors become HTTP answers: always `{"detail": …}`, validation errors 400. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.map(exception);
    if (status >= 500) this.logger.error({ err: exception, status }, body.detail);
    if (res.headersSent) return;
    // A quota refusal says when to come back (docs/quotas.md).
    const retryAfter = (exception as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(Math.ceil(retryAfter)));
    res.status(status).json(body);
  }

  private map(exception: unknown): { status: number; body: ErrorBody } {
    const domain = mapDomainError(exception);
    if (domain) return domain;
    const multerCode = (exception as { code?: unknown; name?: string }).code;
    if ((exception as { name?: string }).name === 'MulterError' && typeof multerCode === 'string') {
      const [status, detail] = MULTER_STATUS[multerCode] ?? [400, 'Malformed multipart form'];
      return {
        status,
        body: { detail, code: status === 413 ? 'payload_too_large' : 'validation_failed' },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus() === 422 ? 400 : exception.getStatus();
      return { status, body: httpExceptionBody(exception) };
    }
    const type = (exception as { type?: unknown }).type;
    if (type === 'entity.parse.failed')
      return { status: 400, body: { detail: 'Malformed request body', code: 'validation_failed' } };
    if (type === 'entity.too.large')
      return {
        status: 413,
        body: { detail: 'Request body is too large', code: 'payload_too_large' },
      };
    if (
      /Multipart|Unexpected end of form|boundary/i.test(
        exception instanceof Error ? exception.message : '',
      )
    ) {
      return {
        status: 400,
        body: { detail: 'Malformed multipart form', code: 'validation_failed' },
      };
    }
    return { status: 500, body: { detail: 'Internal server error', code: 'internal' } };
  }
}
