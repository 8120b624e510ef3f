import { newWebhookSecret } from '@remote-ocr/contracts';
import { ConfigError, parseConfig } from '../config/app-config.js';
import { parseEndpointSettings, parseStaticEndpoints } from './endpoint-input.js';

describe('endpoint settings', () => {
  it('fills defaults on create and keeps left-out fields on update', () => {
    const created = parseEndpointSettings({ url: 'https://h.example.com/x', events: ['job.done'] });
    expect(created).toEqual({
      url: 'https://h.example.com/x',
      clientId: null,
      events: ['job.done'],
      progressIntervalS: 60,
    });
    const updated = parseEndpointSettings({ events: ['job.progress'], client_id: 'acme' }, created);
    expect(updated).toEqual({ ...created, events: ['job.progress'], clientId: 'acme' });
    expect(parseEndpointSettings({ client_id: '*' }, updated).clientId).toBeNull();
  });

  it.each([
    [{ events: ['job.done'] }, /url: required/],
    [{ url: 'ftp://h.example.com/', events: ['job.done'] }, /url refused/],
    [{ url: 'https://h.example.com/', events: 'job.done' }, /events/],
    [{ url: 'https://h.example.com/', events: ['job.done', 'job.x'] }, /unknown job\.x/],
    [{ url: 'https://h.example.com/', events: ['job.done'], client_id: 'a b' }, /client_id/],
    [{ url: 'https://h.example.com/', events: ['job.done'], progress_interval_s: 1.5 }, /progress/],
    [{ url: 'https://h.example.com/', events: ['job.done'], secret: 's' }, /unknown field/],
    [[], /JSON object/],
  ])('refuses %j', (body, message) => {
    expect(() => parseEndpointSettings(body)).toThrow(message);
  });
});

describe('WEBHOOK_ENDPOINTS', () => {
  const secret = newWebhookSecret();
  const entry = { id: 'billing', url: 'https://h.example.com/b', events: ['job.done'], secret };

  it('reads a list into env endpoints', () => {
    const [endpoint] = parseStaticEndpoints(JSON.stringify([entry]));
    expect(endpoint).toMatchObject({ id: 'ep_env_billing', source: 'env', secret, clientId: null });
  });

  it('stops the boot with the entry named and never the secret', () => {
    const bad = JSON.stringify([entry, { ...entry, id: 'two', events: ['job.nope'] }]);
    let error: unknown;
    try {
      parseConfig({ WEBHOOK_ENDPOINTS: bad });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/WEBHOOK_ENDPOINTS\[1\]: events: unknown job\.nope/);
    expect(message).not.toContain(secret);
    expect(() => parseStaticEndpoints('{')).toThrow(/not JSON/);
    expect(() => parseStaticEndpoints(JSON.stringify([{ ...entry, secret: 'x' }]))).toThrow(
      /secret: whsec_/,
    );
  });
});
