import { createHmac } from 'node:crypto';
import { safeEqual, type Principal } from '../infra/auth.js';

/** What an event token lets its bearer read: one job's stream or one client's stream. */
export type EventScope = { kind: 'job'; jobId: string } | { kind: 'client'; clientId: string };

interface TokenBody {
  /** `job:<id>` or `client:<id>`. */
  s: string;
  /** The client the issuing key belonged to; null for the operator. */
  p: string | null;
  /** Expiry, seconds since the epoch. */
  e: number;
}

const scopeText = (scope: EventScope): string =>
  scope.kind === 'job' ? `job:${scope.jobId}` : `client:${scope.clientId}`;

/**
 * Short-lived signed tokens for `?token=` on event URLs (EventSource cannot send X-API-Key).
 * A token names its scope and the principal that asked for it, never the key itself; HMAC-SHA256
 * with a secret every api replica shares, so any replica accepts it.
 */
export class EventTokens {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
  ) {}

  issue(
    principal: Principal,
    scope: EventScope,
    now = Date.now(),
  ): { token: string; expiresAt: Date } {
    const body: TokenBody = {
      s: scopeText(scope),
      p: principal.kind === 'client' ? principal.clientId : null,
      e: Math.floor(now / 1000) + this.ttlSeconds,
    };
    const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
    return { token: `${payload}.${this.sign(payload)}`, expiresAt: new Date(body.e * 1000) };
  }

  /** The principal a valid, unexpired token for `scope` stands for; null otherwise. */
  verify(token: string, scope: EventScope, now = Date.now()): Principal | null {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return null;
    if (!safeEqual(signature, this.sign(payload))) return null;
    let body: TokenBody;
    try {
      body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenBody;
    } catch {
      return null;
    }
    if (body.s !== scopeText(scope) || !(body.e * 1000 > now)) return null;
    return body.p === null ? { kind: 'operator' } : { kind: 'client', clientId: body.p };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
