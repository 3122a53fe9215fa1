import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, testContext, type TestContext } from "@sunseo/testing";
import { createSerialProducer } from "./serial-producer.js";
import { partitionFor } from "./murmur2.js";

// Computed with the Java client itself (kafka-clients 3.9.1):
//   Utils.toPositive(Utils.murmur2(key.getBytes(UTF_8))) % 12
const JAVA_PARTITIONS: [string, number][] = [
  ["01012345678", 0],
  ["01098765432", 10],
  ["0212345678", 2],
  ["01000000000", 10],
  ["0315551234", 3],
  ["01020261125", 4],
  ["01099990000", 7],
];

describe("partitioning on a real broker", () => {
  let ctx: TestContext;
  let topic: string;
  beforeAll(async () => {
    ctx = await testContext("partitioner");
    [topic] = (await ctx.createTopics(["keys"], 12)) as [string];
  });
  afterAll(() => ctx.cleanup());

  it("puts each phone key on the partition the Java client picks", async () => {
    const producer = createSerialProducer(ctx.kafka);
    await producer.connect();
    await producer.send(JAVA_PARTITIONS.map(([key]) => ({ topic, key, value: { key } })));
    await producer.disconnect();

    const offsets = await ctx.admin.fetchTopicOffsets(topic);
    const filled = new Set(offsets.filter((o) => o.high !== "0").map((o) => o.partition));
    for (const [key, partition] of JAVA_PARTITIONS) {
      expect(partitionFor(key, 12), key).toBe(partition);
      expect(filled.has(partition), `${key} -> partition ${partition}`).toBe(true);
    }

    const consumer = ctx.kafka.consumer({ groupId: `${ctx.id}-reader` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen = new Map<string, number>();
    await consumer.run({ eachMessage: async ({ partition, message }) => void seen.set(message.key!.toString(), partition) });
    await eventually(() => expect(seen.size).toBe(JAVA_PARTITIONS.length));
    await consumer.disconnect();
    expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(JAVA_PARTITIONS));
  });
});
