import type { Redis } from "ioredis";
import { RedisEvictionPolicyError } from "./errors.js";

/**
 * Refuses a Redis that may evict keys. Reads `INFO memory` rather than `CONFIG GET`, which
 * managed Redis services often disable.
 */
export async function assertNoEviction(redis: Redis): Promise<void> {
  const info = await redis.info("memory");
  const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
  if (policy !== "noeviction") throw new RedisEvictionPolicyError(policy);
}
