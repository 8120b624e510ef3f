import { randomUUID } from 'node:crypto';
import { blockMarker, canonicalMarker, isMarkerCode, MARKER_ALPHABET } from './block-marker.js';

const DERIVED = new RegExp(
  `^[${MARKER_ALPHABET}]{4}-[${MARKER_ALPHABET}]{4}-[${MARKER_ALPHABET}]{3}$`,
);

describe('blockMarker', () => {
  it.each(['AC4E-9KLM-QRT', 'ab12-cd34-ef5', '0000-0000-000'])('uses a code id %s as is', (id) => {
    expect(blockMarker({ id })).toBe(id);
    expect(isMarkerCode(id)).toBe(true);
  });

  it.each(['f4cf88df-508c-49bd-b8c9-d240b101b110', 'block-1', 'AC4E9KLMQRT', 'AC4E-9KLM-QRTX', ''])(
    'derives a code of the marker shape from %j',
    (id) => {
      const code = blockMarker(id);
      expect(code).toMatch(DERIVED);
      expect(blockMarker({ id })).toBe(code);
    },
  );

  it('is stable across releases (pinned value)', () => {
    // Strip answers are never stored, so the rule may change between releases; within one it must
    // not (a fake engine or a test computes the label a worker printed). Codes of the earlier
    // rule (UQUV-RUUK-WN6 for this id) still parse: see batch-answer-parser.spec.ts.
    expect(blockMarker('f4cf88df-508c-49bd-b8c9-d240b101b110')).toBe('KAQX-YW6M-LKM');
  });

  it('gives distinct codes to distinct ids', () => {
    const ids = Array.from({ length: 5000 }, () => randomUUID());
    expect(new Set(ids.map((id) => blockMarker(id))).size).toBe(ids.length);
  });

  it('keeps derived codes distinct after look-alike folding', () => {
    const folded = [...MARKER_ALPHABET].map((c) => canonicalMarker(c));
    expect(new Set(folded).size).toBe(MARKER_ALPHABET.length);
  });
});

describe('canonicalMarker', () => {
  it.each([
    ['AC4E-9KLM-QRT', 'AC4E9K1MQRT'],
    ['ac4e 9klm qrt', 'AC4E9K1MQRT'],
    ['**AC4E--9KLM-QRT**', 'AC4E9K1MQRT'],
    ['0O8B1lI5S2Z6G', '0088111552266'],
    ['АС4Е-9КLМ-QРТ', 'AC4E9K1MQPT'], // Cyrillic А, С, Е, К, М, Р, Т
    ['A—C4E–9', 'AC4E9'],
  ])('%j → %s', (input, expected) => {
    expect(canonicalMarker(input)).toBe(expected);
  });
});
