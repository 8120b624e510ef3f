import { ConfigError, parseConfig } from './app-config.js';

describe('parseConfig', () => {
  it('starts on local defaults with an empty environment', () => {
    const config = parseConfig({});
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://postgres@127.0.0.1:5432/remote_ocr',
      autoMigrate: true,
    });
    expect(config.objectStore.kind).toBe('disk');
    expect(config.engines.default).toBe('local');
    expect(config.engines.available).toEqual(['local']);
    expect(config.http.port).toBe(8000);
    expect(config.jobs.maxConcurrentJobs).toBe(2);
    expect(config.engines.datalab).toMatchObject({ maxRpm: 180, maxConcurrent: 5 });
    expect(config.jobs.timeLimitMs).toBe(3600_000);
  });

  it('defaults to auto (text layer first, openrouter for the rest) when it has a key, and builds an R2 endpoint', () => {
    const config = parseConfig({
      OPENROUTER_API_KEY: 'sk-test',
      R2_ACCOUNT_ID: 'acc',
      R2_ACCESS_KEY_ID: 'id',
      R2_SECRET_ACCESS_KEY: 'secret',
      R2_BUCKET_NAME: 'bucket',
      R2_PUBLIC_URL: 'https://files.example.com',
    });
    expect(config.engines.default).toBe('auto');
    expect(config.engines.available).toEqual(['openrouter', 'local', 'auto']);
    expect(config.objectStore).toMatchObject({
      kind: 's3',
      endpoint: 'https://acc.r2.cloudflarestorage.com',
      bucket: 'bucket',
      publicUrl: 'https://files.example.com',
    });
  });

  it('lists every bad value at once', () => {
    let error: unknown;
    try {
      parseConfig({
        PORT: 'eighty',
        MAX_CONCURRENT_JOBS: '0',
        SUPABASE_URL: 'https://x.supabase.co',
        R2_BUCKET_NAME: 'b',
        DEFAULT_ENGINE: 'datalab',
        CLIENT_API_KEYS: 'short:a',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT="eighty"/);
    expect(problems).toMatch(/MAX_CONCURRENT_JOBS/);
    expect(problems).toMatch(/SUPABASE_URL and SUPABASE_KEY/);
    expect(problems).toMatch(/R2_ACCESS_KEY_ID/);
    expect(problems).toMatch(/DEFAULT_ENGINE=datalab/);
    expect(problems).toMatch(/CLIENT_API_KEYS/);
    expect((error as ConfigError).problems.length).toBeGreaterThanOrEqual(6);
  });

  it('parses per-client keys and booleans', () => {
    const config = parseConfig({
      CLIENT_API_KEYS: 'key-aaaaaaaa:alpha, key-bbbbbbbb:beta',
      AUTO_MIGRATE: 'false',
    });
    expect([...config.clientKeys]).toEqual([
      ['key-aaaaaaaa', 'alpha'],
      ['key-bbbbbbbb', 'beta'],
    ]);
    expect(config.database).toMatchObject({ autoMigrate: false });
  });

  it('allows only the default model unless OPENROUTER_ALLOWED_MODELS lists more or is *', () => {
    const allowed = (env: Record<string, string>) =>
      parseConfig(env).engines.openrouter.allowedModels;
    expect(allowed({})).toEqual(['qwen/qwen3-vl-30b-a3b-instruct']);
    expect(
      allowed({ OPENROUTER_DEFAULT_MODEL: 'a/b', OPENROUTER_ALLOWED_MODELS: 'c/d, a/b,' }),
    ).toEqual(['a/b', 'c/d']);
    expect(allowed({ OPENROUTER_ALLOWED_MODELS: '*' })).toBe('*');
  });

  it('keeps an open server on loopback and refuses it elsewhere unless ALLOW_OPEN=true', () => {
    expect(parseConfig({}).http.host).toBe('127.0.0.1');
    expect(parseConfig({ REMOTE_OCR_API_KEY: 'operator-key-1' }).http.host).toBe('0.0.0.0');
    expect(() => parseConfig({ HOST: '0.0.0.0' })).toThrow(
      /HOST=0.0.0.0 with no REMOTE_OCR_API_KEY/,
    );
    expect(parseConfig({ HOST: '0.0.0.0', ALLOW_OPEN: 'true' }).http.host).toBe('0.0.0.0');
    expect(parseConfig({ HOST: '::1' }).http.host).toBe('::1');
    expect(parseConfig({ HOST: '0.0.0.0', CLIENT_API_KEYS: 'key-aaaaaaaa:a' }).http.host).toBe(
      '0.0.0.0',
    );
  });
});
