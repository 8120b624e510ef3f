import type { PromptBlock } from './prompt.types.js';
import { buildImagePrompt, DEFAULT_IMAGE_PROMPT } from './image-prompt.js';
import {
  MAX_PROMPT_TEXT_LAYER_CHARS,
  fillPromptPlaceholders,
  type PromptValues,
} from './placeholders.js';
import { filledPromptBound, promptBudgetIssues } from './prompt-budget.js';
import { buildStripPrompt, DEFAULT_STRIP_SYSTEM, type StripPromptBlock } from './strip-prompt.js';

const values: PromptValues = {
  docName: 'АР6.1.pdf',
  pageIndex: 4,
  blockId: 'b-1',
  hint: 'Узел',
  textLayer: 'T1',
};

describe('fillPromptPlaceholders', () => {
  it.each([
    ['{DOC_NAME} p.{PAGE_NUM} {BLOCK_ID}', 'АР6.1.pdf p.5 b-1'],
    ['{{doc_name}} p.{{page_index}} {{ block_id }}', 'АР6.1.pdf p.5 b-1'],
    ['hint={OPERATOR_HINT}/{{hint}}', 'hint=Узел/Узел'],
    ['text={PDFPLUMBER_TEXT}|{{pdfplumber_text}}', 'text=T1|T1'],
    ['{UNKNOWN} {{other}} {doc_name}', '{UNKNOWN} {{other}} {doc_name}'],
  ])('%j → %j', (template, expected) => {
    expect(fillPromptPlaceholders(template, values)).toBe(expected);
  });

  it('fills missing hint and text with empty strings', () => {
    expect(
      fillPromptPlaceholders('[{OPERATOR_HINT}][{{pdfplumber_text}}]', {
        ...values,
        hint: null,
        textLayer: undefined,
      }),
    ).toBe('[][]');
  });

  it('never substitutes inside inserted values', () => {
    expect(
      fillPromptPlaceholders('{PDFPLUMBER_TEXT}', { ...values, textLayer: 'see {DOC_NAME}' }),
    ).toBe('see {DOC_NAME}');
  });
});

const pb = (id: string, over: Partial<PromptBlock> = {}): PromptBlock => ({
  id,
  block_type: 'text',
  page_index: 0,
  ...over,
});
const sb = (
  block: PromptBlock,
  index: number,
  marker = `AAAA-AAAA-AA${index}`,
): StripPromptBlock => ({ block, marker, index });

describe('buildStripPrompt', () => {
  it('asks for numbered sections, names every marker and forbids merging', () => {
    const blocks = [
      sb(pb('a'), 1, 'AC4E-9KLM-QRT'),
      sb(pb('b', { block_type: 'table' }), 2, 'XY34-7CDE-FHJ'),
    ];
    const { system, user } = buildStripPrompt(blocks, { docName: 'x.pdf' });
    expect(system).toBe(DEFAULT_STRIP_SYSTEM);
    expect(user).toContain('vertical strip of 2 blocks');
    expect(user).toContain('BLOCK: XXXX-XXXX-XXX');
    expect(user).toContain('[1] BLOCK: AC4E-9KLM-QRT (text)');
    expect(user).toContain('[2] BLOCK: XY34-7CDE-FHJ (table: answer with a Markdown table)');
    expect(user).toMatch(
      /\[1\] BLOCK: AC4E-9KLM-QRT\n<text of block 1>\n\n\[2\] BLOCK: XY34-7CDE-FHJ\n<text of block 2>/,
    );
    expect(user).toContain('Do not merge blocks');
  });

  it.each<[string, PromptBlock['prompt'], { system: RegExp; user: RegExp }]>([
    [
      'both halves',
      { system: 'S {{doc_name}}', user: 'U p{PAGE_NUM} {BLOCK_ID} {OPERATOR_HINT}' },
      { system: /^S x\.pdf$/, user: /^U p3 one Узел$/ },
    ],
    [
      'only user',
      { user: 'read {{block_id}}' },
      { system: /precise OCR engine/, user: /^read one$/ },
    ],
    ['only system', { system: 'sys' }, { system: /^sys$/, user: /\[1\] BLOCK:/ }],
    [
      'empty prompt',
      { system: '', user: '' },
      { system: /precise OCR engine/, user: /\[1\] BLOCK:/ },
    ],
    ['no prompt', null, { system: /precise OCR engine/, user: /\[1\] BLOCK:/ }],
  ])('a one-block strip with %s', (_name, prompt, expected) => {
    const block = pb('one', { page_index: 2, hint: 'Узел', prompt });
    const out = buildStripPrompt([sb(block, 1)], { docName: 'x.pdf' });
    expect(out.system).toMatch(expected.system);
    expect(out.user).toMatch(expected.user);
  });

  it('ignores per-block prompts on multi-block strips', () => {
    const blocks = [sb(pb('a', { prompt: { user: 'mine' } }), 1), sb(pb('b'), 2)];
    expect(buildStripPrompt(blocks, { docName: 'x', system: 'custom' })).toMatchObject({
      system: 'custom',
      user: expect.stringContaining('vertical strip of 2 blocks') as string,
    });
  });

  it('refuses an empty strip', () => {
    expect(() => buildStripPrompt([], { docName: 'x' })).toThrow(RangeError);
  });
});

describe('buildImagePrompt', () => {
  const image = pb('img-1', {
    block_type: 'image',
    page_index: 0,
    hint: 'Типовой узел подключения ВТЗ',
  });

  it('fills the default analysis prompt asking for one JSON object', () => {
    const { system, user } = buildImagePrompt(image, { docName: 'SH.pdf', textLayer: 'ВТЗ-1' });
    expect(system).toMatch(/single JSON object/);
    expect(user).toContain('Document: SH.pdf, page 1, block img-1.');
    expect(user).toContain('Operator hint (may be empty): Типовой узел подключения ВТЗ');
    expect(user).toContain('\nВТЗ-1\n');
    expect(user).toContain('"description"');
    expect(user).not.toMatch(/\{[A-Z_]+\}|\{\{\w+\}\}/);
  });

  it('uses the block prompt with either placeholder syntax, falling back per half', () => {
    const own = {
      ...image,
      prompt: { user: '{{doc_name}}#{{page_index}}#{{hint}}#{{pdfplumber_text}}' },
    };
    expect(buildImagePrompt(own, { docName: 'SH.pdf', textLayer: 'txt' })).toEqual({
      system: DEFAULT_IMAGE_PROMPT.system,
      user: 'SH.pdf#1#Типовой узел подключения ВТЗ#txt',
    });
  });

  it('takes replacement defaults', () => {
    const defaults = { system: 'S', user: 'U {BLOCK_ID}' };
    expect(buildImagePrompt(image, { docName: 'd', defaults })).toEqual({
      system: 'S',
      user: 'U img-1',
    });
  });
});

describe('prompt amplification (issue 14 item 3)', () => {
  const hint = 'h'.repeat(10_000);
  const repeated = '{{hint}}'.repeat(12_500); // a 100 kB prompt of one placeholder

  it('fills each placeholder once, so a repeated {{hint}} adds the hint once', () => {
    const user = fillPromptPlaceholders(repeated, { ...values, hint });
    expect(user).toBe(hint);
    expect(fillPromptPlaceholders('{BLOCK_ID} {{block_id}} {BLOCK_ID}', values)).toBe('b-1 b-1 ');
  });

  it('cuts the text layer of a prompt at MAX_PROMPT_TEXT_LAYER_CHARS', () => {
    const textLayer = 't'.repeat(MAX_PROMPT_TEXT_LAYER_CHARS * 5);
    expect(fillPromptPlaceholders('{PDFPLUMBER_TEXT}', { ...values, textLayer })).toHaveLength(
      MAX_PROMPT_TEXT_LAYER_CHARS,
    );
  });

  it('bounds the filled prompt of every block, and the bound holds for what is built', () => {
    const block: PromptBlock = {
      id: 'img-1',
      block_type: 'image',
      page_index: 0,
      hint,
      prompt: { system: '{{hint}}{OPERATOR_HINT}', user: `${'x'.repeat(90_000)}{{hint}}` },
    };
    const built = buildImagePrompt(block, { docName: 'd', textLayer: 'T'.repeat(1e6) });
    const length = built.system.length + built.user.length;
    expect(length).toBeLessThanOrEqual(filledPromptBound(block));
    expect(promptBudgetIssues(block, 0)).toEqual([]);
    const amplified = {
      ...block,
      prompt: { system: 'y'.repeat(30_000), user: `{PDFPLUMBER_TEXT}${repeated}` },
    };
    expect(promptBudgetIssues(amplified, 3)).toEqual([
      expect.objectContaining({
        index: 3,
        field: 'prompt',
        message: expect.stringMatching(/at most 150000/),
      }),
    ]);
  });
});
