import path from 'node:path';
import type { Environment } from './environment.js';

export type ObjectStoreConfig =
  | {
      kind: 's3';
      endpoint: string;
      region: string;
      bucket: string;
      accessKeyId: string;
      secretAccessKey: string;
      forcePathStyle: boolean;
      publicUrl: string | null;
    }
  | {
      kind: 'disk';
      root: string;
      publicBaseUrl: string;
      secret: string;
      /** Earlier secrets still accepted when verifying links (rotation, docs/security.md). */
      previousSecrets?: string[];
    };

export function objectStoreConfig(
  e: Environment,
  dataDir: string,
  publicBaseUrl: string,
  signingSecret: () => string,
): ObjectStoreConfig {
  if (e.R2_BUCKET_NAME && e.R2_ACCESS_KEY_ID && e.R2_SECRET_ACCESS_KEY) {
    return {
      kind: 's3',
      endpoint: e.S3_ENDPOINT ?? `https://${e.R2_ACCOUNT_ID}.r2.cloudflarestorage.com`,
      region: e.S3_REGION,
      bucket: e.R2_BUCKET_NAME,
      accessKeyId: e.R2_ACCESS_KEY_ID,
      secretAccessKey: e.R2_SECRET_ACCESS_KEY,
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
      publicUrl: e.R2_PUBLIC_URL ?? null,
    };
  }
  const secret = signingSecret();
  const previousSecrets = (e.DOWNLOAD_URL_PREVIOUS_SECRETS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    kind: 'disk',
    root: path.join(dataDir, 'objects'),
    publicBaseUrl,
    secret,
    previousSecrets,
  };
}
