import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DispatchResult } from "@sunseo/contracts";
import { createLogger } from "@sunseo/logger";
import { createRedis, type Redis } from "@sunseo/redis";
import { startRedisCluster, type RedisCluster } from "@sunseo/testing";
import { SendLedger } from "./index.js";

const PHONES = Array.from({ length: 60 }, (_, i) => `0109${String(1_000_000 + i * 7_919).padStart(7, "0")}`);
const logger = createLogger({ name: "test-send-ledger", level: "fatal" });

// The dispatcher's claim on a Redis Cluster of the test's own: each phone's ledger is one key,
// so every script runs on the phone's master, wherever the Cluster put it.
describe("the send ledger on Redis Cluster", () => {
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

  it("claims, refuses a second attempt, releases and records results for phones on every master", async () => {
    const ledger = new SendLedger(redis, "sunseo:", 60_000);
    const refkey = (phone: string) => `r${phone.slice(-8)}`;
    expect(await Promise.all(PHONES.map((phone) => ledger.claim(phone, refkey(phone), "first", 1_000)))).toEqual(PHONES.map(() => ({ kind: "claimed" })));
    expect(await Promise.all(PHONES.map((phone) => ledger.claim(phone, refkey(phone), "second")))).toEqual(
      PHONES.map(() => ({ kind: "in-flight", since: 1_000 })),
    );

    await Promise.all(PHONES.map((phone) => ledger.release(phone, refkey(phone), "first")));
    expect(await Promise.all(PHONES.map((phone) => ledger.claim(phone, refkey(phone), "second")))).toEqual(PHONES.map(() => ({ kind: "claimed" })));

    const result = (phone: string): DispatchResult => ({
      outcome: "accepted",
      phone,
      refkey: refkey(phone),
      instanceId: `i-${phone}`,
      flow: "onboarding",
      step: 0,
      attempt: 1,
      messagekey: `m-${phone}`,
      at: 2_000,
    });
    await Promise.all(PHONES.map((phone) => ledger.complete(result(phone))));
    expect(await Promise.all(PHONES.map((phone) => ledger.claim(phone, refkey(phone), "third")))).toEqual(
      PHONES.map((phone) => ({ kind: "done", result: result(phone) })),
    );

    const perNode = await Promise.all(
      cluster.nodes.map(async (node) => {
        const direct = createRedis({ url: node.url, logger });
        try {
          return await direct.dbsize();
        } finally {
          direct.disconnect();
        }
      }),
    );
    expect(perNode.every((keys) => keys > 0)).toBe(true);
  });
});
