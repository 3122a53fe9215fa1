import { describe, expect, it } from "vitest";
import { assertNoEviction, RedisEvictionPolicyError } from "./index.js";
import { ownRedis } from "./redis-server.test-support.js";

describe("assertNoEviction", () => {
  it("refuses a Redis that may evict keys, naming the policy and the fix", async () => {
    const { redis } = await ownRedis({ maxmemoryPolicy: "allkeys-lru" });
    const error = await assertNoEviction(redis).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RedisEvictionPolicyError);
    expect(error).toMatchObject({ code: "REDIS_EVICTION_POLICY", retriable: false, policy: "allkeys-lru" });
    expect((error as Error).message).toMatch(/"allkeys-lru".*maxmemory-policy noeviction/);
  });

  it("accepts noeviction", async () => {
    const { redis } = await ownRedis({ maxmemoryPolicy: "noeviction" });
    await expect(assertNoEviction(redis)).resolves.toBeUndefined();
  });
});
