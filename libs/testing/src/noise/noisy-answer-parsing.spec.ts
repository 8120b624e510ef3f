import {
  parseBatchAnswer,
  stripMarkers,
  type BatchBlockRef,
  type BlockAnswer,
} from '@remote-ocr/ocr-core';
import { labelNoise, noisyAnswer, type NoiseRates } from './answer-noise.js';
import { SeededRandom } from './seeded-random.js';

const LINES = [
  '20. Расчет фасадного утеплителя приведен в данном комплекте.',
  '21. Фасадные вывески применить по общему дизайн-проекту.',
  '| Обозначение | Наименование | Примечание |',
  '|---|---|---|',
  '| 165-1-2024-РД-АР1 | Общие архитектурно-планировочные решения |  |',
  'Примечание: размеры даны в миллиметрах.',
  '[1] ГОСТ 7.1-2003. Библиографическая запись.',
  'Блок А, секция 2: отметка +3.300',
  'BLOCK A, see plan',
  '---',
  'Бетон B25 W6 F150, арматура А500С.',
];

/**
 * A block text of 1–6 lines, never the same as another block's of the strip (a serial line), and
 * one paragraph: blocks sharing a whole paragraph are re-sent by design (see section-plan.ts).
 */
function blockText(random: SeededRandom, serial: number): string {
  const lines = [
    `Лист ${serial}.`,
    ...Array.from({ length: random.int(1, 5) }, () => random.pick(LINES)),
  ];
  // A section's text is read without rules and blank lines at its end (as the parser cleans it).
  while (['', '---'].includes(lines.at(-1) ?? 'x')) lines.pop();
  return lines.join('\n');
}

interface Trial {
  refs: BatchBlockRef[];
  texts: string[];
  answers: BlockAnswer[];
}

function trial(seed: number, rates: NoiseRates): Trial {
  const random = new SeededRandom(seed);
  const n = random.int(2, 8);
  const ids = Array.from({ length: n }, (_, i) => `block-${seed}-${i}`);
  const markers = stripMarkers(ids);
  const refs = ids.map((blockId, i) => ({ blockId, marker: markers[i], index: i + 1 }));
  const texts = ids.map((_, i) => blockText(random, seed * 10 + i));
  const sections = refs.map((r, i) => ({ marker: r.marker, index: r.index, text: texts[i] }));
  const answer = noisyAnswer(sections, rates, random);
  return {
    refs,
    texts,
    answers: parseBatchAnswer(answer.text, refs, { truncated: answer.truncated }),
  };
}

describe('parsing noisy strip answers (seeded, reproducible)', () => {
  const RATES: Array<[string, NoiseRates]> = [
    ['labels 10 %', labelNoise(0.1)],
    ['labels 30 %', labelNoise(0.3)],
    ['labels 60 %', labelNoise(0.6)],
    ['every mode at 30 %', { label: 0.3, dropLabel: 0.3, swap: 0.3, repeat: 0.3, truncate: 0.3 }],
    ['labels only, 60 %', { label: 0.6, dropLabel: 0, swap: 0, repeat: 0, truncate: 0 }],
  ];

  it.each(RATES)("%s: no block ever receives another block's text", (_name, rates) => {
    const counts = { done: 0, uncertain: 0, failed: 0 };
    const wrong: string[] = [];
    for (let seed = 1; seed <= 2500; seed++) {
      const { texts, answers } = trial(seed, rates);
      answers.forEach((a, i) => {
        counts[a.status] += 1;
        if (a.status === 'done' && a.text !== texts[i]) wrong.push(`seed ${seed} block ${i}`);
      });
    }
    expect(wrong).toEqual([]);
    // The test reads something; what it cannot read with certainty is left for a re-send.
    expect(counts.done).toBeGreaterThan(0);
    expect(counts.failed).toBe(0);
  });

  it('reads every block of a clean answer', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { texts, answers } = trial(seed, labelNoise(0));
      expect(answers.map((a) => a.text)).toEqual(texts);
    }
  });

  it('is reproducible from its seed', () => {
    expect(trial(42, labelNoise(0.6)).answers).toEqual(trial(42, labelNoise(0.6)).answers);
  });
});
