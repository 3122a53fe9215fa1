import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSerialProducer } from "@sunseo/kafka";
import { checkRedisLoss, eventually, startOnEvictingRedis, testContext, type TestContext } from "@sunseo/testing";

describe("alerter and Redis losing its data", () => {
  let ctx: TestContext;
  let env: Record<string, string>;
  beforeAll(async () => {
    ctx = await testContext("alert-redis-loss");
    await ctx.createTopics(["alert", "dlq"]);
    // No sink configured: alerts go to the log, which is enough to commit them.
    env = {
      KAFKA_BROKERS: ctx.brokers.join(","),
      SUNSEO_TOPIC_PREFIX: ctx.topicPrefix,
      SUNSEO_REDIS_PREFIX: ctx.redisPrefix,
      ALERTER_GROUP_ID: `${ctx.id}-alerter`,
    };
  });
  afterAll(() => ctx.cleanup());

  it("turns unready when Redis restarts empty, and refuses to start again on it", async () => {
    const check = await checkRedisLoss("alerter", env, async () => {
      const producer = createSerialProducer(ctx.kafka);
      await producer.connect();
      const alert = {
        alertId: "loss:0:step-failed",
        kind: "step-failed",
        phone: "01012345678",
        flow: "f",
        instanceId: "loss",
        step: 0,
        stepName: "one",
        templateCode: "T0",
        resultCode: "7308",
        at: Date.now(),
      };
      await producer.send([{ topic: `${ctx.topicPrefix}alert`, key: alert.phone, value: alert }]);
      await producer.disconnect();
      await eventually(
        async () => {
          const [committed] = await ctx.admin.fetchOffsets({ groupId: `${ctx.id}-alerter`, topics: [`${ctx.topicPrefix}alert`] });
          expect(committed?.partitions.some((p) => p.offset !== "-1")).toBe(true);
        },
        { timeoutMs: 60_000 },
      );
    });
    expect(check.output).toContain("REDIS_DATA_LOST");
    expect(check.restart.code).toBe(1);
    expect(check.restart.output).toContain("Recovering from Redis data loss");
  });

  it("refuses to start on a Redis that may evict its keys", async () => {
    const { code, output } = await startOnEvictingRedis("alerter", env);
    expect(code).toBe(1);
    expect(output).toContain('maxmemory-policy is "allkeys-lru"');
  });
});
