import { UnauthorizedException } from '@nestjs/common';
import type { Principal } from '@remote-ocr/server';
import { INVALID_KEY, type AuthedRequest } from './api-key.guard.js';

/**
 * The principal the key guard resolved for a request. Fails closed: a request without one (a
 * route somehow outside the guard) is refused, never treated as the operator.
 */
export function principalOf(req: AuthedRequest): Principal {
  if (!req.principal)
    throw new UnauthorizedException({ detail: INVALID_KEY, code: 'unauthorized' });
  return req.principal;
}
