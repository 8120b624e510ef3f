import { WEBHOOK_RETRY_SCHEDULE_S } from '@remote-ocr/contracts';
import { ConfigError, parseConfig } from './app-config.js';

describe('webhook settings', () => {
  it('default to private targets refused and a schedule spanning at least 24 h', () => {
    const { webhooks } = parseConfig({});
    expect(webhooks.allowPrivate).toBe(false);
    expect(webhooks.retryScheduleS).toEqual([...WEBHOOK_RETRY_SCHEDULE_S]);
    const total = webhooks.retryScheduleS.reduce((sum, s) => sum + s, 0);
    // With the −20 % jitter the last attempt still comes after 24 h.
    expect(total * (1 - webhooks.jitter)).toBeGreaterThanOrEqual(24 * 3600);
  });

  it('read the switch, a shortened schedule and the timeouts', () => {
    const { webhooks } = parseConfig({
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_RETRY_SCHEDULE_S: '0.2,1,30',
      WEBHOOK_TIMEOUT_MS: '2500',
      WEBHOOK_CLAIM_IDLE_MS: '1000',
    });
    expect(webhooks).toMatchObject({
      allowPrivate: true,
      retryScheduleS: [0.2, 1, 30],
      timeoutMs: 2500,
      claimIdleMs: 1000,
    });
  });

  it('list bad values', () => {
    const parse = () =>
      parseConfig({ WEBHOOK_RETRY_SCHEDULE_S: '5,,x', WEBHOOK_ALLOW_PRIVATE: 'maybe' });
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(/WEBHOOK_RETRY_SCHEDULE_S: seconds, comma-separated/);
    expect(parse).toThrow(/WEBHOOK_ALLOW_PRIVATE/);
  });
});
