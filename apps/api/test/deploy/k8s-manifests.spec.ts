import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { OCR_QUEUE } from '@remote-ocr/contracts';
import { parseConfig } from '@remote-ocr/server';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { parse, parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../e2e/processes.js';

const DIR = path.join(REPO_ROOT, 'deploy', 'k8s');

/** The worker's drain on SIGTERM, read from its source (apps may not import each other). */
const SHUTDOWN_GRACE_MS = Number(
  /SHUTDOWN_GRACE_MS = ([\d_]+)/
    .exec(readFileSync(path.join(REPO_ROOT, 'apps/worker/src/ocr-job.processor.ts'), 'utf8'))![1]
    .replace(/_/g, ''),
);

/** Every object the kustomization lists, validated against its JSON schema (kubernetes-models). */
function load(): any[] {
  const kustomization = parse(readFileSync(path.join(DIR, 'kustomization.yaml'), 'utf8'));
  return (kustomization.resources as string[]).flatMap((file) =>
    parseAllDocuments(readFileSync(path.join(DIR, file), 'utf8')).map((d) => d.toJS()),
  );
}

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
};

describe('deploy/k8s manifests', () => {
  const objects = load();
  const byName = (kind: string, name: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === name);
  const api = byName('Deployment', 'remote-ocr-api');
  const worker = byName('Deployment', 'remote-ocr-worker');
  const config = byName('ConfigMap', 'remote-ocr-config');

  it.each(objects.map((o) => [`${o.kind} ${o.metadata?.name}`, o]))(
    '%s is valid against its schema',
    (_name, object) => {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      expect(Model).toBeDefined();
      expect(() => new Model(object).validate()).not.toThrow();
    },
  );

  it('a broken object fails the same check (the check can fail)', () => {
    const broken = structuredClone(worker);
    broken.spec.template.spec.terminationGracePeriodSeconds = 'sixty';
    expect(() => new Deployment(broken).validate()).toThrow();
    const badScaler = structuredClone(byName('ScaledObject', 'remote-ocr-worker'));
    delete badScaler.spec.scaleTargetRef;
    expect(() => new ScaledObject(badScaler).validate()).toThrow();
  });

  it('the api is ready on /health/ready, live on /health, and a Service and PDB select it', () => {
    const c = api.spec.template.spec.containers[0];
    expect(c.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(c.livenessProbe.httpGet.path).toBe('/health');
    const labels = api.spec.template.metadata.labels;
    for (const o of [
      byName('Service', 'remote-ocr-api'),
      byName('PodDisruptionBudget', 'remote-ocr-api'),
    ]) {
      const selector = o.spec.selector.matchLabels ?? o.spec.selector;
      expect(labels).toMatchObject(selector);
    }
  });

  it('workers get the shutdown grace plus a lock duration to stop, and a PDB', () => {
    const spec = worker.spec.template.spec;
    const lockS = Number(config.data.QUEUE_LOCK_DURATION_MS) / 1000;
    const preStopS = Number(spec.containers[0].lifecycle.preStop.exec.command[1]);
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(
      preStopS + SHUTDOWN_GRACE_MS / 1000 + lockS,
    );
    const pdb = byName('PodDisruptionBudget', 'remote-ocr-worker');
    expect(worker.spec.template.metadata.labels).toMatchObject(pdb.spec.selector.matchLabels);
  });

  it('KEDA scales the worker Deployment on the BullMQ wait list of the OCR queue', () => {
    const scaler = byName('ScaledObject', 'remote-ocr-worker');
    expect(scaler.spec.scaleTargetRef.name).toBe(worker.metadata.name);
    const [trigger] = scaler.spec.triggers;
    expect(trigger.type).toBe('redis');
    expect(trigger.metadata.listName).toBe(`${config.data.QUEUE_PREFIX}:${OCR_QUEUE}:wait`);
    expect(Number(trigger.metadata.listLength)).toBe(Number(config.data.MAX_CONCURRENT_JOBS));
  });

  it('ships no secret: credentials come from a Secret the operator creates', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const key of Object.keys(config.data))
      expect(key).not.toMatch(/KEY|SECRET|PASSWORD|TOKEN|DATABASE_URL|REDIS_URL/);
    for (const d of [api, worker])
      expect(d.spec.template.spec.containers[0].envFrom).toContainEqual({
        secretRef: { name: 'remote-ocr-secrets' },
      });
  });

  it('the ConfigMap is a configuration the server accepts (with the secrets added)', () => {
    const env = {
      ...config.data,
      REMOTE_OCR_API_KEY: 'k8s-test-operator-key',
      REDIS_URL: 'redis://redis:6379',
      DATABASE_URL: 'postgres://ocr@postgres:5432/ocr',
      REMOTE_OCR_DATA_DIR: '/tmp',
      DOWNLOAD_URL_SECRET: 'k8s-test-download-secret-0001',
    };
    const parsed = parseConfig(env);
    expect(parsed.redis.prefix).toBe('{remote-ocr}');
    expect(parsed.workerRecycle).toEqual({ maxRssMb: 1536, maxJobs: 500 });
  });
});
