import { UnauthorizedException } from '@nestjs/common';
import type { AuthedRequest } from './api-key.guard.js';
import { principalOf } from './principal.js';

describe('principalOf (issue 14: fail closed)', () => {
  it('refuses a request the key guard did not resolve, instead of treating it as the operator', () => {
    expect(() => principalOf({} as AuthedRequest)).toThrow(UnauthorizedException);
  });

  it("returns the guard's principal", () => {
    const client = { kind: 'client', clientId: 'a' } as const;
    expect(principalOf({ principal: client } as AuthedRequest)).toBe(client);
  });
});
