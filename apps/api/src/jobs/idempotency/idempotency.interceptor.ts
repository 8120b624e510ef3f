import {
  Inject,
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { DomainError } from '@remote-ocr/contracts';
import { APP_CONFIG, EVENTS_REDIS, type AppConfig } from '@remote-ocr/server';
import type { Response } from 'express';
import type { Cluster, Redis } from 'ioredis';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { AuthedRequest } from '../../common/api-key.guard.js';
import { IdempotencyStore, type StoredAnswer } from './idempotency-store.js';
import { requestFingerprint } from './request-fingerprint.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Header set on a replayed answer, so a client can tell it did not create anything new. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;
/** A second request waits this long for the first one (still uploading or storing) to answer. */
const WAIT_FOR_FIRST_MS = 30_000;
const POLL_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `Idempotency-Key` on the creating routes (docs/client.md#idempotency-key): the same key with the
 * same request gets the first answer for 24 h; with a different request, 422. A request arriving
 * while the first is still running waits for its answer (up to 30 s, then 409). Runs after the
 * upload interceptor, so the fingerprint can use the digests of the files as they were received.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly store: IdempotencyStore;
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(@Inject(EVENTS_REDIS) redis: Redis | Cluster, @Inject(APP_CONFIG) config: AppConfig) {
    this.store = new IdempotencyStore(redis, config.redis.prefix);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const key = req.header(IDEMPOTENCY_HEADER);
    if (key === undefined) return next.handle();
    const res = context.switchToHttp().getResponse<Response>();
    return from(this.run(req, res, key, next));
  }

  private async run(
    req: AuthedRequest,
    res: Response,
    key: string,
    next: CallHandler,
  ): Promise<unknown> {
    if (!KEY_SHAPE.test(key)) {
      throw new DomainError(
        'validation_failed',
        'Idempotency-Key must be 1 to 255 printable ASCII characters without spaces',
      );
    }
    const principal = req.principal ?? { kind: 'operator' as const };
    const scope = principal.kind === 'client' ? `client:${principal.clientId}` : 'operator';
    const redisKey = this.store.keyOf(scope, key);
    const fingerprint = requestFingerprint(req);
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const owner = await this.store.claim(redisKey, fingerprint);
      if (owner) return this.runFirst(redisKey, owner, fingerprint, res, next);
      const answer = await this.earlierAnswer(redisKey, fingerprint, deadline);
      if (answer) return replay(res, answer);
    }
  }

  /** The answer of the request that holds the key, or null when the key became free meanwhile. */
  private async earlierAnswer(
    redisKey: string,
    fingerprint: string,
    deadline: number,
  ): Promise<StoredAnswer | null> {
    for (;;) {
      const record = await this.store.read(redisKey);
      if (!record) return null;
      if (record.fingerprint !== fingerprint) {
        throw new DomainError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used with a different request',
        );
      }
      if (record.state === 'done') return record.answer;
      if (Date.now() > deadline) {
        throw new DomainError(
          'request_in_progress',
          'A request with this Idempotency-Key is still in progress; retry later',
        );
      }
      await sleep(POLL_MS);
    }
  }

  private async runFirst(
    redisKey: string,
    owner: string,
    fingerprint: string,
    res: Response,
    next: CallHandler,
  ): Promise<unknown> {
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle());
    } catch (error) {
      await this.store.release(redisKey, owner);
      throw error;
    }
    const answer = { status: res.statusCode, body };
    // The job exists now: a failure to record the answer must not turn its creation into an error.
    await this.store.complete(redisKey, owner, fingerprint, answer).catch((err: unknown) => {
      this.logger.warn({ err }, 'idempotency answer not recorded');
    });
    return body;
  }
}

function replay(res: Response, answer: StoredAnswer): unknown {
  res.status(answer.status);
  res.setHeader(REPLAYED_HEADER, 'true');
  return answer.body;
}
