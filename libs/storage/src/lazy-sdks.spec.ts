// Importing @remote-ocr/storage and making the stores a worker on disk and Postgres uses leave
// the S3 and Supabase SDKs unloaded (lazy-sdks.ts); the S3 and Supabase specs load them for real.
import { jest } from '@jest/globals';

const loaded = new Set<string>();
const track = (name: string) => () => {
  loaded.add(name);
  return jest.requireActual<Record<string, unknown>>(name);
};
for (const name of [
  '@aws-sdk/client-s3',
  '@aws-sdk/lib-storage',
  '@aws-sdk/s3-request-presigner',
  '@supabase/supabase-js',
]) {
  jest.unstable_mockModule(name, track(name));
}

describe('imports of @remote-ocr/storage', () => {
  it('leave the S3 and Supabase SDKs unloaded until a store of theirs is made', async () => {
    const storage = await import('./index.js');
    storage.createObjectStore({
      kind: 'disk',
      root: '/tmp/remote-ocr-lazy-sdks-spec',
      baseUrl: 'http://127.0.0.1:1',
      secret: 'lazy-sdks-spec-secret',
    });
    expect([...loaded]).toEqual([]);
  });
});
