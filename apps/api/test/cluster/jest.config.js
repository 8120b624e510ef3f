// The `cluster` project: e2e suites re-run against a real 3-master Redis Cluster that globalSetup
// starts on loopback ports 17000–17005 (docs/scaling.md, "Tests on a Redis Cluster"), plus the
// failover spec. The suites are the single-Redis ones, pointed at the cluster by E2E_REDIS_URL.
import preset from '../../../../jest.preset.js';

const apiRoot = new URL('../..', import.meta.url).pathname;

export default {
  ...preset,
  displayName: 'cluster',
  rootDir: apiRoot,
  testMatch: [
    '<rootDir>/test/cluster/*.cluster-spec.ts',
    '<rootDir>/test/e2e/idempotency.spec.ts',
    // CLUSTER_E2E=all: the webhook, SSE replica and lifecycle suites too (minutes more).
    ...(process.env.CLUSTER_E2E === 'all'
      ? [
          '<rootDir>/test/e2e/webhooks.spec.ts',
          '<rootDir>/test/events/sse-replicas.spec.ts',
          '<rootDir>/test/e2e/lifecycle.openrouter.spec.ts',
        ]
      : []),
  ],
  globalSetup: '<rootDir>/test/cluster/global-setup.mjs',
  globalTeardown: '<rootDir>/test/cluster/global-teardown.mjs',
  setupFiles: ['<rootDir>/test/cluster/use-cluster.mjs'],
};
