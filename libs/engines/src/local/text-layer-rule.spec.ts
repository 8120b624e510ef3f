import { hasRealText } from './text-layer-rule.js';

describe('hasRealText', () => {
  it.each([
    ['Trace-based Just-in-Time Type Specialization', true],
    ['Пояснительная записка к проекту', true],
    ['12 345', true],
    ['', false],
    ['   \n ', false],
    ['M', false],
    ['D\nD', false],
    ['. . . . . . . . . . . . . . 12', false],
    ['\uFFFD\uFFFD\uFFFD\uFFFD text', false],
    ['\uE001\uE002\uE003\uE004abc', false],
  ])('%p → %p', (text, expected) => {
    expect(hasRealText(text)).toBe(expected);
  });

  it('takes its thresholds from the rule', () => {
    expect(hasRealText('M', { minAlnum: 1 })).toBe(true);
  });
});
