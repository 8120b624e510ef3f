import { signDownload, verifyDownloadSignature } from './download-signature.js';

/** Issue 14 item 8: links always expire, and a rotation keeps young links working. */
describe('verifyDownloadSignature', () => {
  const key = 'ocr_jobs/j/result.zip';
  const now = 1_800_000_000_000;
  const inSeconds = (s: number) => Math.floor(now / 1000) + s;

  it('refuses a correctly signed link claiming to live longer than the TTL cap', () => {
    const forever = inSeconds(100 * 365 * 24 * 3600);
    const sig = signDownload(key, forever, 'secret-a');
    expect(verifyDownloadSignature(key, forever, sig, 'secret-a', now)).toBe(true);
    expect(
      verifyDownloadSignature(key, forever, sig, 'secret-a', now, { maxTtlSeconds: 6 * 3600 }),
    ).toBe(false);
    const sixHours = inSeconds(6 * 3600);
    const fresh = signDownload(key, sixHours, 'secret-a');
    expect(
      verifyDownloadSignature(key, sixHours, fresh, 'secret-a', now, { maxTtlSeconds: 6 * 3600 }),
    ).toBe(true);
  });

  it('accepts links signed with a previous secret after a rotation, and no other', () => {
    const expires = inSeconds(3600);
    const old = signDownload(key, expires, 'secret-old');
    const options = { previousSecrets: ['secret-old'], maxTtlSeconds: 6 * 3600 };
    expect(verifyDownloadSignature(key, expires, old, 'secret-new', now, options)).toBe(true);
    expect(verifyDownloadSignature(key, expires, old, 'secret-new', now)).toBe(false);
    const stranger = signDownload(key, expires, 'secret-other');
    expect(verifyDownloadSignature(key, expires, stranger, 'secret-new', now, options)).toBe(false);
  });
});
