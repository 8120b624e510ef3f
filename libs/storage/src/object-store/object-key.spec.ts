import {
  encodeKeyPath,
  InvalidObjectKeyError,
  normalizeObjectKey,
  normalizeObjectPrefix,
} from './object-key.js';

describe('normalizeObjectKey', () => {
  it.each([
    ['ocr_jobs/3f2a/document.pdf', 'ocr_jobs/3f2a/document.pdf'],
    ['ocr_jobs/j/crops/image_A1B2-C3D4-E5F.pdf', 'ocr_jobs/j/crops/image_A1B2-C3D4-E5F.pdf'],
    ['a/..b/c..', 'a/..b/c..'],
    ['Е\u0308ж.pdf', 'Ёж.pdf'],
    ['résumé 1½.txt', 'résumé 1½.txt'],
  ])('accepts %j as %j', (key, expected) => {
    expect(normalizeObjectKey(key)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['../x', 'segment'],
    ['a/..', 'segment'],
    ['./x', 'segment'],
    ['a//b', 'segment'],
    ['a/', 'segment'],
    ['/abs', 'absolute'],
    ['c:/windows', 'absolute'],
    ['a\\b', 'backslash'],
    ['a\0b', 'control'],
    ['a\nb', 'control'],
    ['a\u200db', 'invisible'],
    ['a\u202eb', 'invisible'],
    ['\uff0e\uff0e/x', 'look-alike'],
    ['a\uff0fb', 'look-alike'],
    ['a\u2215b', 'look-alike'],
    ['a\u2044b', 'look-alike'],
    ['a\u2024\u2024b', 'look-alike'],
    ['a\ufe52b', 'look-alike'],
    ['a\u2100b', 'look-alike'], // ℀ folds to "a/c"
    ['x'.repeat(1025), 'too long'],
  ])('rejects %j (%s)', (key, reason) => {
    expect(() => normalizeObjectKey(key)).toThrow(InvalidObjectKeyError);
    expect(() => normalizeObjectKey(key)).toThrow(reason);
  });
});

describe('normalizeObjectPrefix', () => {
  it('keeps a trailing slash and allows the empty prefix', () => {
    expect(normalizeObjectPrefix('ocr_jobs/j/')).toBe('ocr_jobs/j/');
    expect(normalizeObjectPrefix('ocr_jobs/j')).toBe('ocr_jobs/j');
    expect(normalizeObjectPrefix('')).toBe('');
    expect(() => normalizeObjectPrefix('../')).toThrow(InvalidObjectKeyError);
    expect(() => normalizeObjectPrefix('/')).toThrow(InvalidObjectKeyError);
  });
});

describe('encodeKeyPath', () => {
  it('encodes segments and keeps separators', () => {
    expect(encodeKeyPath('ocr_jobs/j/crops/image 1?.pdf')).toBe(
      'ocr_jobs/j/crops/image%201%3F.pdf',
    );
  });
});
