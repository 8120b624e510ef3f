import { firstJsonObject } from './json-extract.js';

describe('firstJsonObject', () => {
  it.each<[string, string, Record<string, unknown> | null]>([
    ['a bare object', '{"a": 1}', { a: 1 }],
    [
      'inside a json fence after prose',
      'Вот анализ:\n```json\n{"title": "Узел", "n": [1, 2]}\n```\nГотово.',
      { title: 'Узел', n: [1, 2] },
    ],
    ['braces inside strings', '{"t": "a } b { c", "q": "\\"}"}', { t: 'a } b { c', q: '"}' }],
    ['nested objects', 'x {"a": {"b": {"c": 3}}} y', { a: { b: { c: 3 } } }],
    ['skips an invalid object before a valid one', '{not json} then {"ok": true}', { ok: true }],
    ['skips braces of prose', 'use {DOC_NAME} here: {"k": "v"}', { k: 'v' }],
    ['the first of two objects', '{"first": 1} {"second": 2}', { first: 1 }],
    ['an array is not an object', '[1, 2]', null],
    ['an array of objects yields its first object', '[{"a": 1}]', { a: 1 }],
    ['unbalanced', '{"a": 1', null],
    ['no braces', 'plain text', null],
    ['empty', '', null],
  ])('%s', (_name, text, expected) => {
    expect(firstJsonObject(text)).toEqual(expected);
  });

  it('stays bounded on an answer full of unclosed braces', () => {
    expect(firstJsonObject('{'.repeat(50_000))).toBeNull();
  });
});
