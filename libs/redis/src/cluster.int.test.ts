import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cluster } from "ioredis";
import { createLogger } from "@sunseo/logger";
import { startRedisCluster, type RedisCluster } from "@sunseo/testing";
import { acceptLoss, createRedis, epochCheck, guardRedis, RedisEvictionPolicyError, type Redis } from "./index.js";

const logger = createLogger({ name: "test-redis-cluster", level: (process.env.TEST_LOG_LEVEL as "info" | undefined) ?? "fatal" });

describe("Redis Cluster through createRedis (3 masters of the test's own)", () => {
  let cluster: RedisCluster;
  let redis: Redis;
  beforeAll(async () => {
    cluster = await startRedisCluster();
    redis = createRedis({ url: cluster.url, logger, connectTimeoutMs: 2_000 });
    await redis.connect();
  });
  afterAll(async () => {
    redis?.disconnect();
    await cluster?.dispose();
  });

  it("is a Cluster client that reaches every master", async () => {
    expect(redis).toBeInstanceOf(Cluster);
    expect((redis as Cluster).nodes("master")).toHaveLength(3);
    // Keys spread over the masters, each command routed to its slot's owner.
    await Promise.all(Array.from({ length: 300 }, (_, i) => redis.set(`spread:{${i}}`, String(i))));
    const perMaster = await Promise.all((redis as Cluster).nodes("master").map((node) => node.dbsize()));
    expect(perMaster.every((keys) => keys > 0)).toBe(true);
    expect(perMaster.reduce((a, b) => a + b, 0)).toBe(300);
  });

  it("guards the epoch as on one server: opened, verified, replaced by acceptLoss", async () => {
    const guard = await guardRedis(redis, { prefix: "guarded:", hasHistory: async () => false, logger });
    try {
      await guard.verify();
      expect(guard.isIntact()).toBe(true);
      const { id, previousId } = await acceptLoss(redis, "guarded:", "test");
      expect(previousId).not.toBeNull();
      await expect(guard.verify()).rejects.toMatchObject({ reason: "replaced" });
      await epochCheck(redis, "guarded:", id).verify();
    } finally {
      guard.stop();
    }
  });

  it("refuses to start when any one master may evict keys", async () => {
    const last = (redis as Cluster).nodes("master").at(-1)!;
    await last.config("SET", "maxmemory-policy", "allkeys-lru");
    try {
      await expect(guardRedis(redis, { prefix: "evicting:", hasHistory: async () => false, logger })).rejects.toBeInstanceOf(RedisEvictionPolicyError);
    } finally {
      await last.config("SET", "maxmemory-policy", "noeviction");
    }
  });
});
