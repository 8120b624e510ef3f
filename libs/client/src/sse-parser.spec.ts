import { readSse, type SseMessage } from './sse-parser.js';

/** A stream that delivers `chunks` one by one, to cut lines and events at awkward places. */
function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
}

async function all(chunks: string[]): Promise<SseMessage[]> {
  const out: SseMessage[] = [];
  for await (const m of readSse(streamOf(chunks))) out.push(m);
  return out;
}

describe('readSse', () => {
  it('reads named events with ids, split across chunks anywhere', async () => {
    const wire =
      'retry: 3000\n\n: keep-alive\n\nid: 1-0\nevent: progress\ndata: {"a":1}\n\nid: 2-0\r\nevent: done\r\ndata: {"b":2}\r\n\r\n';
    for (const size of [1, 3, 7, wire.length]) {
      const chunks = wire.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g'))!;
      expect(await all(chunks)).toEqual([
        { id: '1-0', event: 'progress', data: '{"a":1}' },
        { id: '2-0', event: 'done', data: '{"b":2}' },
      ]);
    }
  });

  it('joins multi-line data and defaults the event name to message', async () => {
    expect(await all(['data: one\ndata:two\n\n'])).toEqual([
      { id: undefined, event: 'message', data: 'one\ntwo' },
    ]);
  });

  it('drops an unterminated last event (the stream was cut)', async () => {
    expect(await all(['event: done\ndata: {}'])).toEqual([]);
  });
});
