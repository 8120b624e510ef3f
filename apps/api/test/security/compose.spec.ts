import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../e2e/processes.js';

const text = readFileSync(path.join(REPO_ROOT, 'docker/compose.yaml'), 'utf8');
const compose = parse(text, { merge: true }) as {
  services: Record<string, { ports?: unknown; environment?: Record<string, string> }>;
};

/** `${NAME…}` references of the file with what follows the name (`:-default`, `:?error`, …). */
const references = [...text.matchAll(/\$\{([A-Z0-9_]+)([^}]*)\}/g)].map(([, name, rest]) => ({
  name,
  rest,
}));

/**
 * Issue 14 item 9: docker/compose.yaml ships no default secret, publishes no MinIO port, and the
 * app reaches MinIO with its own bucket-scoped user (no Docker engine in CI: the file is read).
 */
describe('docker/compose.yaml', () => {
  it('has no default for any secret: compose refuses to start without it', () => {
    const secrets = references.filter((r) => /PASSWORD|SECRET|ROOT_USER|API_KEY/.test(r.name));
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    expect(secrets.filter((r) => !r.rest.startsWith(':?'))).toEqual([]);
  });

  it('publishes no MinIO port', () => {
    expect(compose.services.minio.ports).toBeUndefined();
  });

  it("gives the api and workers MinIO's bucket-scoped user, never the root one", () => {
    for (const app of ['api', 'worker']) {
      const env = compose.services[app].environment ?? {};
      expect(env.R2_ACCESS_KEY_ID).toMatch(/^\$\{MINIO_APP_USER/);
      expect(env.R2_SECRET_ACCESS_KEY).toMatch(/^\$\{MINIO_APP_PASSWORD:\?/);
      expect(JSON.stringify(env)).not.toMatch(/MINIO_ROOT/);
    }
    const init = JSON.stringify(compose.services['minio-init']);
    expect(init).toMatch(/mc admin policy create local remote-ocr-app/);
    expect(init).toMatch(/arn:aws:s3:::%s\/\*/);
    expect(init).toMatch(/mc admin policy attach local remote-ocr-app --user/);
  });
});
