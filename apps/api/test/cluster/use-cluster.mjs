// Per test file of the `cluster` project: the e2e Stack connects to the test cluster. Jest gives
// every test file its own copy of process.env, so other projects never see this.
import { clusterUrl } from './redis-cluster.mjs';

process.env.E2E_REDIS_URL = clusterUrl();
process.env.E2E_START_TIMEOUT_MS ??= '120000';
