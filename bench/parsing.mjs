// Parsing benchmark (issue 13): what corrupted strip answers cost. The TEXT/TABLE blocks of the
// Russian fixtures are grouped into strips of `--blocks-per-strip` (6) in file order, each labelled
// as the worker labels them (`stripMarkers`), and read by ocr-core's own reader (`readStripCall`:
// the answer parser, then re-sends of uncertain blocks in smaller strips, within the job budget of
// one re-send per block). The engine answers like a careless model: labels misread at the given
// rate (in the "mixed" lines also labels dropped, sections swapped, repeated and answers cut at a
// tenth of it), seeded so runs reproduce. Per rate it prints the engine calls re-sends added over
// the clean run, the blocks read with their own text ("recovered"), the blocks left failed, and
// blocks given another block's text (must be 0). No rendering: pixels do not change the parsing.
// Prints figures only.
//
//   npm run bench -- parsing
//   node bench/parsing.mjs [--seed 1] [--blocks-per-strip 6]
import { readStripCall, stripMarkers } from '@remote-ocr/ocr-core';
import { labelNoise, noisyAnswer, SeededRandom } from '@remote-ocr/testing';
import { loadAnnotation } from './lib/blocks.mjs';
import { machineFacts, numberArg } from './lib/machine.mjs';

const DOCS = [
  '06_scan_ocr_ru_GOST_7.1-2003',
  '07_ru_dissertation_luatex',
  '08_ru_Def_positions',
  '09_ru_taxform_issue12963',
];
const RATES = [0, 0.1, 0.3, 0.6];
const SEED = numberArg('seed', 1);
const PER_STRIP = numberArg('blocks-per-strip', 6);
/** Each document is read this many times with different seeds, for steadier figures. */
const ROUNDS = numberArg('rounds', 25);
const MIXES = {
  'labels only': (rate) => ({ ...labelNoise(0), label: rate }),
  mixed: (rate) => labelNoise(rate),
};

/** The text a perfect model reads in a block: unique per block, two lines. */
const cleanText = (blockId) => `Текст блока ${blockId}.\nВторая строка блока ${blockId}.`;

/** One engine call for `blocks` as a strip: labels as the worker prints them, a noisy answer. */
function ask(blocks, rates, random, counter) {
  counter.calls += 1;
  const markers = stripMarkers(blocks.map((b) => b.blockId));
  const placed = blocks.map((b, i) => ({ ...b, marker: markers[i], index: i + 1 }));
  const sections = placed.map((b) => ({
    marker: b.marker,
    index: b.index,
    text: cleanText(b.blockId),
  }));
  const answer = noisyAnswer(
    sections,
    placed.length > 1 ? rates : { ...rates, truncate: 0 },
    random,
  );
  return { blocks: placed, text: answer.text, truncated: answer.truncated };
}

async function readDocument(name, rates, seed) {
  const ids = loadAnnotation(name)
    .pages.flatMap((p) => p.blocks)
    .filter((b) => b.block_type !== 'image')
    .map((b) => b.id);
  const random = new SeededRandom(seed);
  const counter = { calls: 0 };
  const budget = { left: ids.length, used: 0 };
  const outcomes = new Map();
  const reader = {
    ask: async (blocks) => ask(blocks, rates, random, counter),
    onRead: async ({ block, answer }) => void outcomes.set(block.blockId, answer),
    onCallFailed: async () => undefined,
    budget,
  };
  for (let at = 0; at < ids.length; at += PER_STRIP) {
    const strip = ids
      .slice(at, at + PER_STRIP)
      .map((blockId) => ({ blockId, marker: '', index: 0 }));
    await readStripCall(ask(strip, rates, random, counter), reader);
  }
  const done = ids.filter((id) => outcomes.get(id)?.status === 'done');
  return {
    calls: counter.calls,
    blocks: ids.length,
    recovered: done.filter((id) => outcomes.get(id).text === cleanText(id)).length,
    failed: ids.length - done.length,
    wrong: done.filter((id) => outcomes.get(id).text !== cleanText(id)).length,
  };
}

async function main() {
  console.log(
    `# parsing: corrupted strip answers, ${DOCS.length} documents × ${ROUNDS} seeds from ${SEED}, ` +
      `${PER_STRIP} blocks per strip — ${machineFacts()}`,
  );
  for (const [mix, ratesAt] of Object.entries(MIXES)) {
    let cleanCalls = 0;
    for (const rate of RATES) {
      const t = { calls: 0, blocks: 0, recovered: 0, failed: 0, wrong: 0 };
      for (const name of DOCS) {
        for (let round = 0; round < ROUNDS; round++) {
          const r = await readDocument(name, ratesAt(rate), SEED + round);
          for (const k of Object.keys(t)) t[k] += r[k];
        }
      }
      if (rate === 0) cleanCalls = t.calls;
      const added = t.calls - cleanCalls;
      console.log(
        `${mix.padEnd(11)} ${String(rate * 100).padStart(2)} %: ${t.calls} calls ` +
          `(+${added}, +${((100 * added) / cleanCalls).toFixed(1)} %), ` +
          `${t.recovered}/${t.blocks} blocks recovered, ${t.failed} failed, ` +
          `${t.wrong} with another block's text`,
      );
    }
  }
}

await main();
