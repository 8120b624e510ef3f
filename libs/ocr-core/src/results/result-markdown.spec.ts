import type { BlockOutcome } from '../blocks/annotation-document.js';
import { readFixtureText } from '../blocks/__fixtures__/shared-fixtures.js';
import { parseBlocksFile } from '../blocks/parse-blocks-file.js';
import type { Block } from '../model/block.js';
import { buildResultMarkdown, EMPTY_RESULT_MD, sortForReading } from './result-markdown.js';

const done = (blockId: string, text: string): BlockOutcome => ({ blockId, status: 'done', text });
const rd = (job: string, file: string): string => readFixtureText('rd-examples', job, file);

const block = (id: string, page: number, top: number, over: Partial<Block> = {}): Block => ({
  id,
  page_index: page,
  coords_px: [0, 0, 1, 1],
  coords_norm: [0.1, top, 0.9, Math.min(1, top + 0.1)],
  block_type: 'text',
  shape_type: 'rectangle',
  ...over,
});

/** The `[[[BLOCK_ID: …]]]` ids of a result.md, in order. */
const markerIds = (md: string): string[] =>
  [...md.matchAll(/^\[\[\[BLOCK_ID: (.+)\]\]\]$/gm)].map((m) => m[1]);

describe('buildResultMarkdown: golden files of rd-examples', () => {
  it('matches the empty job byte for byte', () => {
    const parsed = parseBlocksFile(rd('job_10fe0802_empty', 'annotation.json'));
    expect(buildResultMarkdown({ docName: 'x.pdf', blocks: parsed.blocks, outcomes: [] })).toBe(
      rd('job_10fe0802_empty', 'result.md'),
    );
    expect(EMPTY_RESULT_MD).toBe(rd('job_10fe0802_empty', 'result.md'));
  });

  // These jobs were written by an older layout (`# OCR Results` + `## TEXT (page N)` headings +
  // `---` rules). docs/contract.md §5 replaced it with `[[[BLOCK_ID]]]` sections, so the files are not golden
  // byte for byte; what must hold is that every recognised text appears verbatim (outer blank lines
  // trimmed), in the same place relative to the markers.
  it.each(['job_e4520c28_text', 'job_a9daa6b7_table'])(
    '%s: the recognised text appears verbatim',
    (job) => {
      const parsed = parseBlocksFile(rd(job, 'annotation.json'));
      const [b] = parsed.blocks;
      const answer = b.ocr_text ?? '';
      const md = buildResultMarkdown({
        docName: 'd.pdf',
        blocks: parsed.blocks,
        outcomes: [done(b.id, answer)],
      });
      expect(rd(job, 'result.md')).toContain(answer.trim());
      expect(md).toBe(`[[[BLOCK_ID: ${b.id}]]]\n\n${answer.trim()}\n`);
    },
  );

  it('job_51d259b8_json_text: a TEXT block answered with a ```json fence keeps it verbatim', () => {
    const old = rd('job_51d259b8_json_text', 'result.md');
    const answer = old.slice(old.indexOf('```json'), old.lastIndexOf('```') + 3);
    const md = buildResultMarkdown({
      docName: 'd',
      blocks: [block('t1', 0, 0.1)],
      outcomes: [done('t1', answer)],
    });
    expect(md).toBe(`[[[BLOCK_ID: t1]]]\n\n${answer}\n`);
  });

  it('job_964d4af5_blocks_only: blocks of all pages in (page, top y) order', () => {
    const parsed = parseBlocksFile(rd('job_964d4af5_blocks_only', 'annotation.json'));
    const shuffled = [...parsed.blocks].reverse();
    const md = buildResultMarkdown({
      docName: 'Спецификации к ОВ.pdf',
      blocks: shuffled,
      outcomes: shuffled.map((b) => done(b.id, `text of ${b.id}`)),
    });
    const expected = [...parsed.blocks]
      .sort((a, b) => a.page_index - b.page_index || a.coords_norm[1] - b.coords_norm[1])
      .map((b) => b.id);
    expect(markerIds(md)).toEqual(expected);
    for (const b of parsed.blocks) {
      const body = b.block_type === 'image' ? '```json\n{' : `text of ${b.id}\n`;
      expect(md).toContain(`[[[BLOCK_ID: ${b.id}]]]\n\n${body}`);
    }
    expect(parsed.blocks.some((b) => b.block_type === 'image')).toBe(true);
  });

  it('job_6332f2f8_image_hint: an IMAGE block becomes the JSON object of docs/contract.md §5', () => {
    const parsed = parseBlocksFile(rd('job_6332f2f8_image_hint', 'annotation.json'));
    const [img] = parsed.blocks;
    const answer = 'Анализ:\n```json\n{"title": "Узел подключения ВТЗ", "text": "Т1 } Т2"}\n```';
    const md = buildResultMarkdown({
      docName: 'SH.pdf',
      blocks: parsed.blocks,
      outcomes: [done(img.id, answer)],
      imageRef: (b) => ({
        uri: `https://files.example/ocr_jobs/j1/crops/image_${b.id}.pdf`,
        mimeType: 'application/pdf',
      }),
      textLayers: new Map([[img.id, 'ВТЗ']]),
    });
    const fence = /^\[\[\[BLOCK_ID: (.+)\]\]\]\n\n```json\n([\s\S]*)\n```\n$/.exec(md);
    expect(fence?.[1]).toBe(img.id);
    expect(JSON.parse(fence?.[2] ?? '')).toEqual({
      doc_metadata: { doc_name: 'SH.pdf', page: 1, operator_hint: 'Типовой узел подключения ВТЗ' },
      image: {
        uri: `https://files.example/ocr_jobs/j1/crops/image_${img.id}.pdf`,
        mime_type: 'application/pdf',
      },
      raw_pdfplumber_text: 'ВТЗ',
      analysis: { title: 'Узел подключения ВТЗ', text: 'Т1 } Т2' },
    });
    expect(Object.keys(JSON.parse(fence?.[2] ?? '{}') as object)).toEqual([
      'doc_metadata',
      'image',
      'raw_pdfplumber_text',
      'analysis',
    ]);
  });
});

describe('buildResultMarkdown: rules', () => {
  it('skips failed and empty blocks, separates sections by one blank line, ends with one newline', () => {
    const blocks = [
      block('a', 0, 0.5),
      block('b', 0, 0.1),
      block('c', 1, 0),
      block('d', 0, 0.7),
      block('e', 0, 0.8),
    ];
    const outcomes: BlockOutcome[] = [
      done('a', '\n\nA text\n\n'),
      done('b', '  indented first line\nsecond'),
      done('c', '   \n'),
      { blockId: 'd', status: 'failed', text: 'HTTP 500', error: 'HTTP 500' },
    ];
    expect(buildResultMarkdown({ docName: 'x', blocks, outcomes })).toBe(
      '[[[BLOCK_ID: b]]]\n\n  indented first line\nsecond\n\n[[[BLOCK_ID: a]]]\n\nA text\n',
    );
  });

  it('removes stray marker lines from texts', () => {
    const md = buildResultMarkdown({
      docName: 'x',
      blocks: [block('a', 0, 0)],
      outcomes: [done('a', '[[[BLOCK_ID: a]]]\nline\n[[BLOCK\\_ID: zz]]\nend')],
    });
    expect(md).toBe('[[[BLOCK_ID: a]]]\n\nline\nend\n');
  });

  it('falls back to raw_text, the default crop key and the block text layer for IMAGE blocks', () => {
    const img = block('img', 2, 0, { block_type: 'image', pdfplumber_text: 'layer' });
    const md = buildResultMarkdown({
      docName: 'x.pdf',
      blocks: [img],
      outcomes: [done('img', 'no json here')],
    });
    const json = JSON.parse(md.slice(md.indexOf('{'), md.lastIndexOf('}') + 1)) as Record<
      string,
      unknown
    >;
    expect(json).toEqual({
      doc_metadata: { doc_name: 'x.pdf', page: 3, operator_hint: '' },
      image: { uri: 'crops/image_img.pdf', mime_type: 'application/pdf' },
      raw_pdfplumber_text: 'layer',
      analysis: { raw_text: 'no json here' },
    });
  });

  it('gives the empty text when no block has text', () => {
    const outcomes = [{ blockId: 'a', status: 'failed' as const, text: '', error: 'x' }];
    expect(buildResultMarkdown({ docName: 'x', blocks: [block('a', 0, 0)], outcomes })).toBe(
      EMPTY_RESULT_MD,
    );
  });

  it('notes a flagged block in an HTML comment after its header; others look as before', () => {
    const flagged: BlockOutcome = {
      ...done('a', 'Текст'),
      readMethod: 'marker-fuzzy',
      flags: ['fuzzy_marker', 'text_layer_mismatch'],
      confidence: 0.36,
    };
    const clean: BlockOutcome = {
      ...done('b', 'Ещё'),
      readMethod: 'marker',
      flags: [],
      confidence: 1,
    };
    const md = buildResultMarkdown({
      docName: 'x.pdf',
      blocks: [block('a', 0, 0.1), block('b', 0, 0.5)],
      outcomes: [flagged, clean],
    });
    expect(md).toBe(
      '[[[BLOCK_ID: a]]]\n' +
        '<!-- ocr: confidence=0.36 flags=fuzzy_marker,text_layer_mismatch method=marker-fuzzy -->\n\n' +
        'Текст\n\n[[[BLOCK_ID: b]]]\n\nЕщё\n',
    );
    expect(markerIds(md)).toEqual(['a', 'b']);
  });

  it('sorts stably: equal (page, top) keep input order', () => {
    const blocks = ['p', 'q', 'r'].map((id) => block(id, 0, 0.3));
    expect(
      sortForReading([block('z', 1, 0), ...blocks, block('y', 0, 0.2)]).map((b) => b.id),
    ).toEqual(['y', 'p', 'q', 'r', 'z']);
  });
});
