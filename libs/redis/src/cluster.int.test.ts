import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cluster } from "ioredis";
import { createLogger } from "@sunseo/logger";
import { eventually, startRedisCluster, type RedisCluster } from "@sunseo/testing";
import { acceptLoss, createRedis, epochCheck, guardRedis, openEpoch, type RedisDataLostError, RedisEvictionPolicyError, type Redis } from "./index.js";

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

  it("marks the epoch on every master, and notices one master coming back empty", async () => {
    const masters = (redis as Cluster).nodes("master");
    const lost: RedisDataLostError[] = [];
    const guard = await guardRedis(redis, { prefix: "shard:", hasHistory: async () => false, logger, onLost: (err) => lost.push(err) });
    try {
      // KEYS answers with the node's own keys: the epoch on one master, a marker on each.
      const local = await Promise.all(masters.map((node) => node.keys("shard:epoch*")));
      expect(local.map((keys) => keys.filter((k) => k.startsWith("shard:epoch:{m")).length)).toEqual([1, 1, 1]);
      await guard.verify();

      const other = masters[local.findIndex((keys) => !keys.includes("shard:epoch"))]!;
      await other.flushall();

      await expect(guard.verify()).rejects.toMatchObject({ reason: "missing", details: { key: expect.stringMatching(/^shard:epoch:\{m\d+\}$/) } });
      await eventually(() => expect(lost).toHaveLength(1));
      expect(guard.isIntact()).toBe(false);
      await expect(openEpoch(redis, "shard:", { hasHistory: async () => true })).rejects.toMatchObject({ reason: "missing" });

      const { id } = await acceptLoss(redis, "shard:", "one master restarted empty");
      await expect(openEpoch(redis, "shard:", { hasHistory: async () => true })).resolves.toBe(id);
      await epochCheck(redis, "shard:", id).verify();
      const after = await Promise.all(masters.map((node) => node.keys("shard:epoch:{m*")));
      expect(after.map((keys) => keys.length)).toEqual([1, 1, 1]);
    } finally {
      guard.stop();
    }
  });
});
