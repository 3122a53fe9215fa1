import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allTopicNames, decode, topicName, topics, type FlowEvent } from "@sunseo/contracts";
import { partitionFor } from "@sunseo/kafka";
import { eventually, startServiceProcess, testContext, type ServiceProcess, type TestContext } from "@sunseo/testing";

const CATALOG = `
from: "02-1234-5678"
senderKey: test-sender-key
flows:
  welcome:
    lane: none
    steps:
      - { name: one, template: T1, text: "#{name} 1" }
`;

/**
 * A producer that does not partition like the Java client (librdkafka's default, or a
 * partition count changed under it) writes a phone's start where the phone's other events
 * never go. Counted as a replay, it used to vanish; now it is moved to its phone's
 * partition and starts exactly one flow.
 */
describe("a flow-start on another partition than its phone's", () => {
  let ctx: TestContext;
  let sequencer: ServiceProcess;
  const events: FlowEvent[] = [];
  beforeAll(async () => {
    ctx = await testContext("wrong-partition");
    await ctx.createTopics(allTopicNames(""));
    const dir = mkdtempSync(join(tmpdir(), "sunseo-seq-"));
    writeFileSync(join(dir, "flows.yaml"), CATALOG);
    sequencer = startServiceProcess("sequencer", {
      KAFKA_BROKERS: ctx.brokers.join(","),
      REDIS_URL: ctx.redisUrl,
      SUNSEO_TOPIC_PREFIX: ctx.topicPrefix,
      SUNSEO_REDIS_PREFIX: ctx.redisPrefix,
      SEQUENCER_GROUP_ID: `${ctx.id}-sequencer`,
      SUNSEO_FLOWS_FILE: join(dir, "flows.yaml"),
      PORT: "0",
      LOG_LEVEL: "warn",
    });
    const observer = ctx.kafka.consumer({ groupId: `${ctx.id}-observer` });
    await observer.connect();
    await observer.subscribe({ topic: topicName(ctx.topicPrefix, topics.flowEvent), fromBeginning: true });
    await observer.run({
      eachMessage: async ({ message }) => {
        const e = decode(topics.flowEvent, message.value);
        if (e.ok) events.push(e.value);
      },
    });
  });
  afterAll(async () => {
    await sequencer?.stop();
    await ctx.cleanup();
  });

  it("is moved to its phone's partition and starts one flow; a second move of the same message starts none", async () => {
    const phone = "01055556666";
    const topic = topicName(ctx.topicPrefix, topics.flowStart);
    const right = partitionFor(phone, 12);
    const wrong = (right + 5) % 12;
    const value = JSON.stringify({ flow: "welcome", phone, variables: { name: "민수" } });
    const producer = ctx.kafka.producer();
    await producer.connect();
    const started = () => events.filter((e) => e.phone === phone && e.type === "started");
    // History first: the phone's own partition is ahead of the other one (offsets 0 and 1 there, 0 here).
    const earlier = [1, 2].map((n) => ({
      key: phone,
      partition: right,
      value: JSON.stringify({ flow: "welcome", phone, variables: { name: "민수" }, idempotencyKey: `earlier-${n}` }),
    }));
    await producer.send({ topic, messages: earlier });
    await eventually(() => expect(started()).toHaveLength(2), { timeoutMs: 60_000 });
    const [written] = await producer.send({ topic, messages: [{ key: phone, partition: wrong, value }] });
    await eventually(() => expect(started()).toHaveLength(3), { timeoutMs: 60_000 });
    // As if the sequencer crashed after moving it and moved it again: the copy names the same origin.
    await producer.send({
      topic,
      messages: [{ key: phone, partition: right, value, headers: { "sunseo-origin": `${topic}/${wrong}/${written!.baseOffset}` } }],
    });
    await producer.disconnect();
    const end = async () => Number((await ctx.admin.fetchTopicOffsets(topic)).find((p) => p.partition === right)!.high);
    const high = await end();
    expect(high).toBe(4);
    await eventually(
      async () => {
        const [committed] = await ctx.admin.fetchOffsets({ groupId: `${ctx.id}-sequencer`, topics: [topic] });
        expect(Number(committed?.partitions.find((p) => p.partition === right)?.offset)).toBe(high);
      },
      { timeoutMs: 30_000 },
    );
    expect(started()).toHaveLength(3);
  });
});
