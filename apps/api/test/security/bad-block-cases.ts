import {
  MB,
  documentWith,
  draftRequest,
  postBlocks,
  postJob,
  withFirstBlock,
  type BadInputCase,
} from './bad-input-kit.js';
import { goodBlocks } from './pdf-samples.js';

const JSON_BAD = /not valid JSON/;
const SHAPE = /expected a JSON array of blocks/;
const ID = /id may hold only letters, digits/;

const blocksText = (name: string, text: string, detail: RegExp): BadInputCase => ({
  name,
  send: (ctx) => postJob(ctx, { blocks: text }),
  status: 400,
  detail,
});

const firstBlock = (name: string, patch: Record<string, unknown>, detail: RegExp) => ({
  name,
  send: postBlocks(withFirstBlock(patch)),
  status: 400,
  detail,
});

/** Blocks files that must be refused with 400 naming the problem (docs/contract.md §3). */
export const BAD_BLOCK_CASES: BadInputCase[] = [
  // malformed JSON and wrong top-level shapes
  blocksText('blocks: unterminated JSON', '[{"id": "A', JSON_BAD),
  blocksText('blocks: empty file', '', JSON_BAD),
  blocksText('blocks: trailing garbage', '[]]', JSON_BAD),
  blocksText('blocks: NaN literal', '[{"coords_norm": [NaN, 0, 1, 1]}]', JSON_BAD),
  blocksText('blocks: single quotes', "[{'id': 'x'}]", JSON_BAD),
  blocksText('blocks: binary garbage', '\u0000\u0001\u0002PK\u0003\u0004', JSON_BAD),
  blocksText('blocks: null', 'null', SHAPE),
  blocksText('blocks: a number', '42', SHAPE),
  blocksText('blocks: a string', '"blocks"', SHAPE),
  blocksText('blocks: empty object', '{}', SHAPE),
  blocksText('blocks: array of numbers', '[1, 2]', /object/),
  blocksText('blocks: array with null', '[null]', /object/),
  // wrong types and missing fields
  firstBlock('block: id is a number', { id: 17 }, /id/),
  firstBlock('block: id missing', { id: undefined }, /id/),
  firstBlock('block: id empty', { id: '' }, /id must not be empty/),
  firstBlock('block: page_index a string', { page_index: '0' }, /page_index/),
  firstBlock('block: page_index fractional', { page_index: 0.5 }, /page_index/),
  firstBlock('block: page_index missing', { page_index: undefined }, /page_index/),
  firstBlock('block: coords_norm a string', { coords_norm: '0.1,0.1,0.9,0.3' }, /coords_norm/),
  firstBlock('block: coords_norm three numbers', { coords_norm: [0.1, 0.1, 0.9] }, /coords_norm/),
  firstBlock(
    'block: coords_norm holds null',
    { coords_norm: [0.1, null, 0.9, 0.3] },
    /coords_norm/,
  ),
  firstBlock('block: coords_norm "NaN"', { coords_norm: ['NaN', 0.1, 0.9, 0.3] }, /coords_norm/),
  firstBlock('block: coords_px missing', { coords_px: undefined }, /coords_px/),
  firstBlock('block: block_type a number', { block_type: 7 }, /block_type/),
  firstBlock('block: block_type empty', { block_type: '' }, /block_type must not be empty/),
  firstBlock('block: polygon without points', { shape_type: 'polygon' }, /polygon_points/),
  firstBlock(
    'block: polygon with two points',
    {
      shape_type: 'polygon',
      polygon_points: [
        [300, 400],
        [900, 400],
      ],
    },
    /at least 3 points/,
  ),
  firstBlock('block: prompt a string', { prompt: 'read this' }, /prompt must be an object/),
  firstBlock('block: hint a number', { hint: 12 }, /hint/),
  // coordinates: infinite, negative, out of range, degenerate
  blocksText(
    'block: coords_norm Infinity (1e999)',
    JSON.stringify(withFirstBlock({})).replace('[0.1,0.1,0.9,0.3]', '[1e999,0.1,0.9,0.3]'),
    /coords_norm/,
  ),
  firstBlock('block: coords_norm negative', { coords_norm: [-0.5, 0.1, 0.9, 0.3] }, /coords_norm/),
  firstBlock('block: coords_norm past 1', { coords_norm: [0.1, 0.1, 1.5, 0.3] }, /coords_norm/),
  firstBlock('block: coords_norm inverted', { coords_norm: [0.9, 0.3, 0.1, 0.1] }, /coords_norm/),
  firstBlock('block: coords_norm zero area', { coords_norm: [0.5, 0.5, 0.5, 0.5] }, /coords_norm/),
  firstBlock('block: page_index negative', { page_index: -1 }, /page_index/),
  firstBlock('block: page_index past the last page', { page_index: 2 }, /page/),
  firstBlock('block: page_index 1e20', { page_index: 1e20 }, /page_index/),
  // ids: duplicates, path-like, control characters, odd unicode
  {
    name: 'blocks: duplicate ids',
    send: postBlocks(goodBlocks().map((b) => ({ ...b, id: 'SAME-SAME-001' }))),
    status: 400,
    detail: /SAME-SAME-001.*(duplicate|twice|more than once|unique)/i,
  },
  firstBlock('block id: ../../etc/passwd', { id: '../../etc/passwd' }, ID),
  firstBlock('block id: a/b', { id: 'a/b' }, ID),
  firstBlock('block id: backslash', { id: '..\\..\\win.ini' }, ID),
  firstBlock('block id: leading dot', { id: '.hidden' }, ID),
  firstBlock('block id: newline', { id: 'AAAA-\nBBBB' }, ID),
  firstBlock('block id: NUL', { id: 'AAAA\u0000BBBB' }, ID),
  firstBlock('block id: lone surrogate', { id: 'AAAA\ud800' }, ID),
  firstBlock('block id: right-to-left override', { id: 'abc\u202Efdp' }, ID),
  firstBlock('block id: zero-width space', { id: 'ABCD\u200b' }, ID),
  firstBlock('block id: 129 characters', { id: 'A'.repeat(129) }, ID),
  // an operator hint of 10 MB, through a blocks file and through a draft's annotation
  firstBlock('block: 10 MB hint', { hint: 'h'.repeat(10 * MB) }, /hint/),
  {
    name: 'draft: 10 MB hint in annotation_json',
    send: (ctx) =>
      draftRequest(
        ctx,
        JSON.stringify(documentWith()).replace(
          '"block_type"',
          `"hint":"${'h'.repeat(10 * MB)}","block_type"`,
        ),
      ),
    status: 400,
    detail: /hint/,
  },
  firstBlock('block: 1 MB prompt', { prompt: { user: 'p'.repeat(MB) } }, /prompt/),
  // Documents
  {
    name: 'document: pages not an array',
    send: postBlocks({ pdf_path: 'x.pdf', pages: 'all' }),
    status: 400,
    detail: /pages/,
  },
  {
    name: 'document: page_number a string',
    send: postBlocks(documentWith({ page_number: 'one' })),
    status: 400,
    detail: /page_number/,
  },
  {
    name: 'document: page_number twice',
    send: postBlocks(documentWith({ page_number: 1 })),
    status: 400,
    detail: /page_number 1 appears twice|differs/,
  },
  {
    name: 'document: negative page width',
    send: postBlocks(documentWith({ width: -2480 })),
    status: 400,
    detail: /width/,
  },
];
