import { DomainError } from '@remote-ocr/contracts';
import { assertWebhookUrl, guardedLookup, isPublicAddress } from './webhook-url-guard.js';

const strict = { allowPrivate: false };

describe('assertWebhookUrl with private targets refused', () => {
  const refused: [string, string][] = [
    ['http://127.0.0.1:9000/hook', 'private, loopback or link-local'],
    ['http://127.1/hook', 'private, loopback or link-local'],
    ['http://0x7f000001/hook', 'private, loopback or link-local'],
    ['http://169.254.169.254/latest/meta-data/', 'private, loopback or link-local'],
    ['http://[::1]:8080/', 'private, loopback or link-local'],
    ['http://[::ffff:127.0.0.1]/', 'private, loopback or link-local'],
    ['http://[fd00:ec2::254]/', 'private, loopback or link-local'],
    ['http://[fe80::1]/', 'private, loopback or link-local'],
    ['http://10.1.2.3/', 'private, loopback or link-local'],
    ['http://172.16.0.9/', 'private, loopback or link-local'],
    ['http://192.168.0.1/', 'private, loopback or link-local'],
    ['http://100.100.100.200/', 'private, loopback or link-local'],
    ['http://0.0.0.0/', 'private, loopback or link-local'],
    ['http://localhost:3000/', 'localhost resolves to a private, loopback or link-local address'],
    ['http://no-such-host.invalid/', 'does not resolve'],
    ['ftp://8.8.8.8/', 'only http and https URLs are allowed'],
    ['file:///etc/passwd', 'only http and https URLs are allowed'],
    ['http://user:secret@8.8.8.8/', 'credentials in the URL are not allowed'],
    ['not a url', 'not an absolute URL'],
    [`https://8.8.8.8/${'a'.repeat(2100)}`, 'longer than 2048 characters'],
  ];

  it.each(refused)('refuses %s', async (url, why) => {
    const failure = assertWebhookUrl(url, strict);
    await expect(failure).rejects.toBeInstanceOf(DomainError);
    await expect(failure).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(failure).rejects.toThrow(why);
  });

  it('never echoes URL credentials in its message', async () => {
    await expect(assertWebhookUrl('http://user:hunter2@8.8.8.8/', strict)).rejects.not.toThrow(
      'hunter2',
    );
  });

  it('accepts public addresses', async () => {
    for (const url of ['https://8.8.8.8/hook', 'http://[2606:4700:4700::1111]:8443/x']) {
      await expect(assertWebhookUrl(url, strict)).resolves.toBeInstanceOf(URL);
    }
  });

  it('accepts private targets when the deployment allows them', async () => {
    for (const url of ['http://127.0.0.1:9000/hook', 'http://[::1]/', 'http://localhost/']) {
      await expect(assertWebhookUrl(url, { allowPrivate: true })).resolves.toBeInstanceOf(URL);
    }
  });
});

describe('isPublicAddress', () => {
  it.each([
    ['8.8.8.8', true],
    ['2606:4700:4700::1111', true],
    ['127.0.0.1', false],
    ['::1', false],
    ['::ffff:10.0.0.1', false],
    ['::', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['not-an-ip', false],
  ])('%s → %s', (ip, expected) => {
    expect(isPublicAddress(ip)).toBe(expected);
  });
});

describe('guardedLookup (connect-time check)', () => {
  function lookup(host: string, allowPrivate: boolean, all = false) {
    return new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((resolve) =>
      guardedLookup({ allowPrivate })(host, { all }, (error, address) =>
        resolve({ error, address }),
      ),
    );
  }

  it('fails the connection when the name resolves to loopback', async () => {
    const { error } = await lookup('localhost', false);
    expect(error?.code).toBe('EWEBHOOKBLOCKED');
  });

  it('resolves normally when private targets are allowed', async () => {
    const single = await lookup('localhost', true);
    expect(single.error).toBeNull();
    expect(['127.0.0.1', '::1']).toContain(single.address);
    const all = await lookup('localhost', true, true);
    expect(Array.isArray(all.address)).toBe(true);
  });
});
