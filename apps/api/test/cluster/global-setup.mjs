// Starts the test Redis Cluster once for the `cluster` project; global-teardown.mjs stops it.
import { startRedisCluster } from './redis-cluster.mjs';

export default async function globalSetup() {
  globalThis.__remoteOcrRedisCluster = await startRedisCluster();
}
