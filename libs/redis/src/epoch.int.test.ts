import { describe, expect, it, onTestFinished } from "vitest";
import { eventually } from "@sunseo/testing";
import { acceptLoss, epochCheck, openEpoch, RedisDataLostError, watchEpoch, type Redis } from "./index.js";
import { ownRedis } from "./redis-server.test-support.js";

// Each test has a redis-server of its own, so the real prefix and nothing else is in it.
const PREFIX = "sunseo:";
const KEY = "sunseo:epoch";
const fresh = { hasHistory: async () => false };
const ran = { hasHistory: async () => true };

const ticks = async (redis: Redis) => Number(await redis.hget(KEY, "ticks"));

/** A watcher checking every 100 ms, with what it reported. */
function watching(redis: Redis, id: string) {
  const lost: RedisDataLostError[] = [];
  const errors: unknown[] = [];
  let reportLoss: (err: RedisDataLostError) => void = () => {};
  const firstLoss = new Promise<RedisDataLostError>((resolve) => (reportLoss = resolve));
  const watch = watchEpoch(redis, PREFIX, id, {
    intervalMs: 100,
    onLost: (err) => {
      lost.push(err);
      reportLoss(err);
    },
    onError: (err) => errors.push(err),
  });
  onTestFinished(() => watch.stop());
  return { watch, lost, errors, firstLoss };
}

describe("the Redis epoch", () => {
  it("is created on a fresh Redis, one id for services booting together, kept on later boots", async () => {
    const { redis } = await ownRedis();
    const [a, b] = await Promise.all([openEpoch(redis, PREFIX, fresh), openEpoch(redis, PREFIX, fresh)]);
    expect(a).toBe(b);
    expect(await redis.hgetall(KEY)).toEqual({ id: a, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), ticks: "0" });
    await expect(openEpoch(redis, PREFIX, ran)).resolves.toBe(a);
    await epochCheck(redis, PREFIX, a).verify();
  });

  it("is refused when missing on a Redis of a deployment that already ran", async () => {
    const { redis } = await ownRedis();
    const error = await openEpoch(redis, PREFIX, ran).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RedisDataLostError);
    expect(error).toMatchObject({ code: "REDIS_DATA_LOST", retriable: false, reason: "no-epoch" });
    expect((error as Error).message).toMatch(/^Redis has no sunseo epoch \(sunseo:epoch\) but .*committed offsets.*"Recovering from Redis data loss"$/);
    expect(await redis.exists(KEY)).toBe(0);
  });

  it("shows a restart without persistence to the watcher, to verify() and at the next boot", async () => {
    const { server, redis } = await ownRedis();
    const id = await openEpoch(redis, PREFIX, fresh);
    const { watch, lost, firstLoss } = watching(redis, id);
    await eventually(async () => expect(await ticks(redis)).toBeGreaterThan(0));

    await server.stop();
    await server.start();

    expect(await firstLoss).toMatchObject({ reason: "missing", details: { key: KEY, expectedId: id } });
    expect(watch.isIntact()).toBe(false);
    expect(lost).toHaveLength(1);
    await expect(epochCheck(redis, PREFIX, id).verify()).rejects.toMatchObject({ code: "REDIS_DATA_LOST", reason: "missing" });
    await expect(openEpoch(redis, PREFIX, ran)).rejects.toMatchObject({ reason: "no-epoch" });
  });

  it("does not take Redis being unreachable for a while, then back with its data, for a loss", async () => {
    const { server, redis } = await ownRedis({ persistent: true });
    const id = await openEpoch(redis, PREFIX, fresh);
    const { watch, lost, errors } = watching(redis, id);
    await eventually(async () => expect(await ticks(redis)).toBeGreaterThan(1));

    await server.stop();
    await eventually(() => expect(errors.length).toBeGreaterThan(0));
    expect(watch.isIntact()).toBe(true);

    await server.start();
    const afterRestart = await eventually(() => ticks(redis));
    await eventually(async () => expect(await ticks(redis)).toBeGreaterThan(afterRestart));
    expect(watch.isIntact()).toBe(true);
    expect(lost).toEqual([]);
    await epochCheck(redis, PREFIX, id).verify();
  });

  it("takes its tick count going back (a replica that missed writes) for a loss, and remembers it", async () => {
    const { redis } = await ownRedis();
    const id = await openEpoch(redis, PREFIX, fresh);
    const { watch, firstLoss } = watching(redis, id);
    await eventually(async () => expect(await ticks(redis)).toBeGreaterThan(1));

    await redis.hset(KEY, "ticks", 0);

    expect(await firstLoss).toMatchObject({ reason: "went-back", details: { detail: expect.stringMatching(/^ticks went back to 1 after \d+$/) } });
    expect(watch.isIntact()).toBe(false);
    await expect(epochCheck(redis, PREFIX, id).verify()).rejects.toMatchObject({ reason: "went-back" });
    await expect(openEpoch(redis, PREFIX, ran)).rejects.toMatchObject({ reason: "went-back" });
    // A watcher started later (a restarted service) sees the mark too.
    expect(await watching(redis, id).firstLoss).toMatchObject({ reason: "went-back" });
  });

  it("starts anew after acceptLoss, and services on the old epoch see it replaced", async () => {
    const { server, redis } = await ownRedis();
    const old = await openEpoch(redis, PREFIX, fresh);
    await server.stop();
    await server.start();
    await eventually(() => redis.ping());
    await expect(openEpoch(redis, PREFIX, ran)).rejects.toThrow(RedisDataLostError);

    const accepted = await acceptLoss(redis, PREFIX, "restarted without AOF; in-flight flows restarted by hand");
    expect(accepted).toEqual({ id: expect.any(String), previousId: null });
    expect(accepted.id).not.toBe(old);
    await expect(openEpoch(redis, PREFIX, ran)).resolves.toBe(accepted.id);
    expect(await redis.hget(KEY, "note")).toBe("restarted without AOF; in-flight flows restarted by hand");
    await expect(epochCheck(redis, PREFIX, old).verify()).rejects.toMatchObject({ reason: "replaced", details: { foundId: accepted.id } });
    expect(await watching(redis, old).firstLoss).toMatchObject({ reason: "replaced" });

    const again = await acceptLoss(redis, PREFIX, "second thoughts");
    expect(again.previousId).toBe(accepted.id);
  });
});
