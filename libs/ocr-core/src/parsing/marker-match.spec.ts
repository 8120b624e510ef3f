import { MarkerMatcher } from './marker-match.js';

describe('MarkerMatcher', () => {
  const matcher = new MarkerMatcher(['UQUV-RUUK-WN6', 'HUY4-AFAA-JTL', 'BLOCK: AC4E-9KLM-QRT']);

  it.each<[string, number | null]>([
    ['UQUV-RUUK-WN6', 0],
    ['uquvruukwn6', 0],
    ['UQUV-RUUK-WNG', 0], // 6 read as G
    ['HUY4-AFAA-JTI', 1], // L read as I
    ['HUY4-AFAA-JT1', 1], // L read as 1
    ['HUY4-AFA-JTL', 1], // a symbol dropped
    ['HUY4-AFAAA-JTL', 1], // a symbol doubled
    ['HUY4-XFXA-JTL', 1], // two misreads
    ['HUY4-XFXX-JTL', null], // three misreads: too far
    ['AC4E-9KLM-QRT', 2],
    ['АС4Е-9КLМ-QRТ', 2], // Cyrillic look-alikes
    ['', null],
    ['ZZZZ', null],
  ])('%j → %s', (code, expected) => {
    expect(matcher.match(code)).toBe(expected);
  });

  it('refuses to choose between two equally near markers', () => {
    const close = new MarkerMatcher(['AAAA-AAAA-AA3', 'AAAA-AAAA-AA4']);
    expect(close.match('AAAA-AAAA-AA7')).toBeNull();
    expect(close.match('AAAA-AAAA-AA4')).toBe(1);
  });
});
