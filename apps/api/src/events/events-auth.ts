import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@remote-ocr/contracts';
import {
  APP_CONFIG,
  EVENT_TOKENS,
  authenticate,
  type AppConfig,
  type EventScope,
  type EventTokens,
  type Principal,
} from '@remote-ocr/server';
import type { Request } from 'express';
import { INVALID_KEY } from '../common/api-key.guard.js';

export const INVALID_TOKEN = 'Invalid or expired event token';

/**
 * Who may open an event stream: the `X-API-Key` header (same rules as every route), or a signed,
 * short-lived `?token=` for EventSource, which cannot set headers. The key itself is never
 * accepted in the URL.
 */
@Injectable()
export class EventsAuth {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_TOKENS) private readonly tokens: EventTokens,
  ) {}

  principal(req: Request, scope: EventScope): Principal {
    const key = req.header('x-api-key');
    const token = req.query.token;
    if (key !== undefined || token === undefined) {
      const principal = authenticate(this.config, key);
      if (!principal) throw new DomainError('unauthorized', INVALID_KEY);
      return principal;
    }
    const principal = typeof token === 'string' ? this.tokens.verify(token, scope) : null;
    if (!principal) throw new DomainError('unauthorized', INVALID_TOKEN);
    return principal;
  }

  issue(principal: Principal, scope: EventScope) {
    const { token, expiresAt } = this.tokens.issue(principal, scope);
    return { token, expires_at: expiresAt.toISOString() };
  }
}
