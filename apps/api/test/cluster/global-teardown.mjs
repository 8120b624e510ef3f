// Stops the test Redis Cluster and removes its data dir (runs after failing tests too).
export default async function globalTeardown() {
  await globalThis.__remoteOcrRedisCluster?.stop();
}
