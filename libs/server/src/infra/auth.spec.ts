import { parseConfig } from '../config/app-config.js';
import { authenticate, safeEqual } from './auth.js';

describe('authenticate', () => {
  it('lets everyone in as the operator when no key is configured', () => {
    expect(authenticate(parseConfig({}), undefined)).toEqual({ kind: 'operator' });
  });

  it('requires the operator key when one is set', () => {
    const config = parseConfig({ REMOTE_OCR_API_KEY: 'operator-key-1' });
    expect(authenticate(config, undefined)).toBeNull();
    expect(authenticate(config, 'operator-key-2')).toBeNull();
    expect(authenticate(config, 'operator-key-1 ')).toBeNull();
    expect(authenticate(config, 'operator-key-1')).toEqual({ kind: 'operator' });
  });

  it('maps per-client keys to their client', () => {
    const config = parseConfig({
      REMOTE_OCR_API_KEY: 'operator-key-1',
      CLIENT_API_KEYS: 'alpha-key-1:alpha,beta-key-22:beta',
    });
    expect(authenticate(config, 'alpha-key-1')).toEqual({ kind: 'client', clientId: 'alpha' });
    expect(authenticate(config, 'beta-key-22')).toEqual({ kind: 'client', clientId: 'beta' });
    expect(authenticate(config, 'gamma-key-3')).toBeNull();
  });

  it('compares strings of any length without throwing', () => {
    expect(safeEqual('a', 'a')).toBe(true);
    expect(safeEqual('a', 'ab')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });
});
