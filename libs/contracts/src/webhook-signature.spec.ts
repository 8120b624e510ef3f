import { createHmac } from 'node:crypto';
import {
  newWebhookSecret,
  signWebhook,
  verifyWebhook,
  WebhookVerificationError,
} from './webhook-signature.js';

// The example of the Standard Webhooks specification: another implementation's answer.
const SPEC_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SPEC_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const SPEC_TS = 1614265330;
const SPEC_BODY = '{"test": 2432232314}';
const SPEC_SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

describe('signWebhook', () => {
  it('produces the signature of the Standard Webhooks example', async () => {
    const headers = await signWebhook([SPEC_SECRET], SPEC_ID, SPEC_TS, SPEC_BODY);
    expect(headers).toEqual({
      'webhook-id': SPEC_ID,
      'webhook-timestamp': String(SPEC_TS),
      'webhook-signature': SPEC_SIGNATURE,
    });
  });

  it('signs with every secret during a rotation, matching node:crypto', async () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    const headers = await signWebhook([a, b], 'msg_1', 1700000000, '{"x":1}');
    const expected = [a, b].map(
      (s) =>
        'v1,' +
        createHmac('sha256', Buffer.from(s.slice(6), 'base64'))
          .update('msg_1.1700000000.{"x":1}')
          .digest('base64'),
    );
    expect(headers['webhook-signature']).toBe(expected.join(' '));
  });

  it('refuses a secret that is not whsec_<base64>', async () => {
    await expect(signWebhook(['plain'], 'id', 1, '{}')).rejects.toThrow(WebhookVerificationError);
  });
});

describe('verifyWebhook', () => {
  const at = { nowS: SPEC_TS + 10 };
  const specHeaders = {
    'webhook-id': SPEC_ID,
    'webhook-timestamp': String(SPEC_TS),
    'webhook-signature': SPEC_SIGNATURE,
  };

  it('accepts the example and returns the parsed body', async () => {
    await expect(verifyWebhook(SPEC_SECRET, specHeaders, SPEC_BODY, at)).resolves.toEqual({
      test: 2432232314,
    });
  });

  it('reads a Headers instance', async () => {
    const headers = new Headers(specHeaders);
    await expect(verifyWebhook([SPEC_SECRET], headers, SPEC_BODY, at)).resolves.toBeDefined();
  });

  it('accepts either signature of a rotation with either secret', async () => {
    const [old, fresh] = [newWebhookSecret(), newWebhookSecret()];
    const headers = await signWebhook([fresh, old], 'msg_2', SPEC_TS, '{}');
    await expect(verifyWebhook(old, headers, '{}', at)).resolves.toEqual({});
    await expect(verifyWebhook(fresh, headers, '{}', at)).resolves.toEqual({});
  });

  const refusals: [string, Record<string, string>, string, string][] = [
    ['a changed body', specHeaders, '{"test": 2432232315}', 'no webhook-signature matches'],
    [
      'another id',
      { ...specHeaders, 'webhook-id': 'msg_other' },
      SPEC_BODY,
      'no webhook-signature matches',
    ],
    [
      'a v2 signature only',
      { ...specHeaders, 'webhook-signature': SPEC_SIGNATURE.replace('v1,', 'v2,') },
      SPEC_BODY,
      'no webhook-signature matches',
    ],
    [
      'garbage signature',
      { ...specHeaders, 'webhook-signature': 'v1,%%%' },
      SPEC_BODY,
      'no webhook-signature matches',
    ],
    [
      'a missing signature',
      { 'webhook-id': SPEC_ID, 'webhook-timestamp': String(SPEC_TS) },
      SPEC_BODY,
      'missing webhook-signature header',
    ],
    [
      'a non-numeric timestamp',
      { ...specHeaders, 'webhook-timestamp': 'yesterday' },
      SPEC_BODY,
      'webhook-timestamp is not Unix seconds',
    ],
  ];
  it.each(refusals)('refuses %s', async (_name, headers, body, message) => {
    await expect(verifyWebhook(SPEC_SECRET, headers, body, at)).rejects.toThrow(
      new WebhookVerificationError(message),
    );
  });

  it('refuses a timestamp outside the tolerance, either way', async () => {
    for (const nowS of [SPEC_TS + 301, SPEC_TS - 301]) {
      await expect(verifyWebhook(SPEC_SECRET, specHeaders, SPEC_BODY, { nowS })).rejects.toThrow(
        'webhook-timestamp is outside the tolerance',
      );
    }
    await expect(
      verifyWebhook(SPEC_SECRET, specHeaders, SPEC_BODY, { nowS: SPEC_TS + 301, toleranceS: 400 }),
    ).resolves.toBeDefined();
  });

  it('refuses a signature made with another secret', async () => {
    await expect(verifyWebhook(newWebhookSecret(), specHeaders, SPEC_BODY, at)).rejects.toThrow(
      'no webhook-signature matches',
    );
  });
});
