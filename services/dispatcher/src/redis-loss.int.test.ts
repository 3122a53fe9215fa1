import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "@sunseo/bizppurio-sim";
import { topicName, topics } from "@sunseo/contracts";
import { createSerialProducer } from "@sunseo/kafka";
import { checkRedisLoss, eventually, startOnEvictingRedis, testContext, type TestContext } from "@sunseo/testing";

describe("dispatcher and Redis losing its data", () => {
  let ctx: TestContext;
  let sim: Simulator;
  let env: Record<string, string>;
  beforeAll(async () => {
    ctx = await testContext("disp-redis-loss");
    await ctx.createTopics([topics.dispatch.base, topics.dispatchResult.base, topics.dlq.base]);
    sim = await startSimulator({ account: "acct", password: "pw" });
    env = {
      KAFKA_BROKERS: ctx.brokers.join(","),
      SUNSEO_TOPIC_PREFIX: ctx.topicPrefix,
      SUNSEO_REDIS_PREFIX: ctx.redisPrefix,
      DISPATCHER_GROUP_ID: `${ctx.id}-dispatcher`,
      BIZPPURIO_BASE_URL: sim.url,
      BIZPPURIO_ACCOUNT: "acct",
      BIZPPURIO_PASSWORD: "pw",
    };
  });
  afterAll(async () => {
    await sim.close();
    await ctx.cleanup();
  });

  it("turns unready when Redis restarts empty, and refuses to start again on it", async () => {
    const check = await checkRedisLoss("dispatcher", env, async () => {
      const producer = createSerialProducer(ctx.kafka);
      await producer.connect();
      const phone = "01012345678";
      const message = { from: "0212345678", senderKey: "sk", templateCode: "T0", text: "hi" };
      await producer.send([
        {
          topic: topicName(ctx.topicPrefix, topics.dispatch),
          key: phone,
          value: { kind: "send", phone, refkey: "loss-0-1", instanceId: "loss", flow: "f", step: 0, attempt: 1, message, createdAt: Date.now() },
        },
      ]);
      await producer.disconnect();
      await eventually(
        async () => {
          const [committed] = await ctx.admin.fetchOffsets({ groupId: `${ctx.id}-dispatcher`, topics: [topicName(ctx.topicPrefix, topics.dispatch)] });
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
    const { code, output } = await startOnEvictingRedis("dispatcher", env);
    expect(code).toBe(1);
    expect(output).toContain('maxmemory-policy is "allkeys-lru"');
  });
});
