// The S3 and Supabase SDKs are loaded by the first store that uses them, not by importing this
// library: a worker on disk storage and Postgres never needs them. Measured with both replaced
// by a stub, the worker idled ≈ 7 MB lower after a job (the AWS SDK alone added ≈ 30 MB to a fresh
// Node process's RSS; docs/rendering.md, "Memory"). They are `require`d (their CommonJS builds),
// so the stores' constructors stay synchronous, and each is loaded once.
import { createRequire } from 'node:module';
import type * as S3 from '@aws-sdk/client-s3';
import type * as S3Uploads from '@aws-sdk/lib-storage';
import type * as S3Presigner from '@aws-sdk/s3-request-presigner';
import type * as SupabaseJs from '@supabase/supabase-js';

const load = createRequire(import.meta.url);

function once<T>(get: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= get());
}

/** `@aws-sdk/client-s3`. */
export const awsS3 = once(() => load('@aws-sdk/client-s3') as typeof S3);
/** `@aws-sdk/lib-storage` (multipart uploads). */
export const awsUploads = once(() => load('@aws-sdk/lib-storage') as typeof S3Uploads);
/** `@aws-sdk/s3-request-presigner`. */
export const awsPresigner = once(() => load('@aws-sdk/s3-request-presigner') as typeof S3Presigner);
/** `@supabase/supabase-js`. */
export const supabaseJs = once(() => load('@supabase/supabase-js') as typeof SupabaseJs);
