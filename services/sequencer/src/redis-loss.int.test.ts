import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allTopicNames, decode, topicName, topics } from "@sunseo/contracts";
import { createSerialProducer } from "@sunseo/kafka";
import { checkRedisLoss, eventually, startOnEvictingRedis, testContext, type TestContext } from "@sunseo/testing";

const CATALOG = `
from: "02-1234-5678"
senderKey: test-sender-key
flows:
  onboarding:
    steps:
      - { name: one, template: T1, text: "#{name} 1" }
`;

describe("sequencer and Redis losing its data", () => {
  let ctx: TestContext;
  let env: Record<string, string>;
  beforeAll(async () => {
    ctx = await testContext("seq-redis-loss");
    await ctx.createTopics(allTopicNames(""));
    const dir = mkdtempSync(join(tmpdir(), "sunseo-seq-"));
    writeFileSync(join(dir, "flows.yaml"), CATALOG);
    env = {
      KAFKA_BROKERS: ctx.brokers.join(","),
      SUNSEO_TOPIC_PREFIX: ctx.topicPrefix,
      SUNSEO_REDIS_PREFIX: ctx.redisPrefix,
      SEQUENCER_GROUP_ID: `${ctx.id}-sequencer`,
      SUNSEO_FLOWS_FILE: join(dir, "flows.yaml"),
    };
  });
  afterAll(() => ctx.cleanup());

  it("turns unready when Redis restarts empty, and refuses to start again on it", async () => {
    const check = await checkRedisLoss("sequencer", env, async () => {
      // History: a flow applied and its offset committed, so an empty Redis afterwards is a loss, not a first start.
      const started: string[] = [];
      const observer = ctx.kafka.consumer({ groupId: `${ctx.id}-observer` });
      await observer.connect();
      await observer.subscribe({ topic: topicName(ctx.topicPrefix, topics.flowEvent), fromBeginning: true });
      await observer.run({ eachMessage: async ({ message }) => void (decode(topics.flowEvent, message.value).ok && started.push("x")) });
      const producer = createSerialProducer(ctx.kafka);
      await producer.connect();
      await producer.send([
        {
          topic: topicName(ctx.topicPrefix, topics.flowStart),
          key: "01012345678",
          value: { flow: "onboarding", phone: "01012345678", variables: { name: "a" } },
        },
      ]);
      await producer.disconnect();
      await eventually(() => expect(started.length).toBeGreaterThan(0), { timeoutMs: 60_000 });
      await observer.disconnect();
      await eventually(
        async () => {
          const [committed] = await ctx.admin.fetchOffsets({ groupId: `${ctx.id}-sequencer`, topics: [topicName(ctx.topicPrefix, topics.flowStart)] });
          expect(committed?.partitions.some((p) => p.offset !== "-1")).toBe(true);
        },
        { timeoutMs: 30_000 },
      );
    });
    expect(check.output).toContain("REDIS_DATA_LOST");
    expect(check.restart.code).toBe(1);
    expect(check.restart.output).toContain("Recovering from Redis data loss");
  });

  it("refuses to start on a Redis that may evict its keys", async () => {
    const { code, output } = await startOnEvictingRedis("sequencer", env);
    expect(code).toBe(1);
    expect(output).toContain('maxmemory-policy is "allkeys-lru"');
  });
});
