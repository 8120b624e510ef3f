import { EngineError } from '@remote-ocr/engines';
import type { OcrRequest } from '@remote-ocr/ocr-core';
import { FakeOpenRouterServer } from '@remote-ocr/testing';
import { Redis } from 'ioredis';
import { parseConfig } from '../config/app-config.js';
import {
  createLimitedEngine,
  createLocalEngine,
  createPaidEngine,
  defaultModelOf,
} from './create-engines.js';

const request: OcrRequest = {
  kind: 'strip',
  image: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
  mimeType: 'image/png',
  system: 'sys',
  user: 'user',
  blocks: [],
};

describe('createEngines: one way to build engines for the worker and the CLI', () => {
  let fake: FakeOpenRouterServer;
  beforeAll(async () => (fake = await FakeOpenRouterServer.start()));
  afterAll(() => fake.close());

  const configWith = (extra: Record<string, string>) =>
    parseConfig({ REMOTE_OCR_DATA_DIR: '/tmp/issue-12-engines', ...extra }).engines;

  it('honours OPENROUTER_TIMEOUT_S (a hung call fails with a timeout)', async () => {
    const engines = configWith({
      OPENROUTER_API_KEY: 'sk-issue-12',
      OPENROUTER_BASE_URL: fake.url,
      OPENROUTER_TIMEOUT_S: '1',
    });
    const engine = createPaidEngine('openrouter', engines)!;
    fake.next({ kind: 'hang' });
    const error = await engine.recognize(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).reason).toBe('timeout');
  });

  it('builds nothing for a paid engine without its key', () => {
    const engines = configWith({});
    expect(createPaidEngine('openrouter', engines)).toBeNull();
    expect(createLimitedEngine('datalab', engines)).toBeNull();
    expect(defaultModelOf('openrouter', engines)).toBe(engines.openrouter.defaultModel);
    expect(defaultModelOf('local', engines)).toBeUndefined();
  });

  it('wraps a keyed engine in limits, shared through Redis when asked', () => {
    const engines = configWith({ DATALAB_API_KEY: 'dl-issue-12', OPENROUTER_API_KEY: 'k' });
    const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true });
    try {
      const shared = createLimitedEngine('datalab', engines, { redis, prefix: 'issue-12-eng' });
      expect(shared?.name).toBe('datalab');
      expect(createLimitedEngine('openrouter', engines)?.name).toBe('openrouter');
    } finally {
      redis.disconnect();
    }
  });

  it('builds the local engine from LOCAL_OCR_LANGS', async () => {
    const local = createLocalEngine({ langs: 'eng+', tessdataDir: undefined });
    expect(local.name).toBe('local');
    await local.close();
  });
});
