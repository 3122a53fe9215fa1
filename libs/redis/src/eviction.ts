import { Cluster } from "ioredis";
import type { Redis } from "./client.js";
import { RedisEvictionPolicyError } from "./errors.js";

/**
 * Refuses a Redis that may evict keys; on Cluster, every master is asked (each holds a share of
 * the phones). Reads `INFO memory` rather than `CONFIG GET`, which managed Redis services often disable.
 */
export async function assertNoEviction(redis: Redis): Promise<void> {
  const servers = redis instanceof Cluster ? redis.nodes("master") : [redis];
  const infos = await Promise.all(servers.map((server) => server.info("memory")));
  for (const info of infos) {
    const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
    if (policy !== "noeviction") throw new RedisEvictionPolicyError(policy);
  }
}
