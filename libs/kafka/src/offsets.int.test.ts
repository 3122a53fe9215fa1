import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testContext, type TestContext } from "@sunseo/testing";
import { createOffsetReader, type OffsetReader } from "./offsets.js";

describe("offset reads for the gauges, on the real broker", () => {
  let ctx: TestContext;
  let reader: OffsetReader;
  beforeAll(async () => {
    ctx = await testContext("offsets");
    reader = createOffsetReader(ctx.kafka);
  });
  afterAll(async () => {
    await reader.close();
    await ctx.cleanup();
  });

  it("counts a group's lag from its committed offsets, and a topic's records", async () => {
    const [topic] = await ctx.createTopics(["lag"], 2);
    const producer = ctx.kafka.producer();
    await producer.connect();
    await producer.send({ topic: topic!, messages: Array.from({ length: 5 }, (_, i) => ({ partition: 0, value: `p0-${i}` })) });
    await producer.send({ topic: topic!, messages: Array.from({ length: 3 }, (_, i) => ({ partition: 1, value: `p1-${i}` })) });
    await producer.disconnect();
    const groupId = `${ctx.topicPrefix}group`;
    // The group has read partition 0 up to offset 2 and never committed on partition 1.
    await ctx.admin.setOffsets({ groupId, topic: topic!, partitions: [{ partition: 0, offset: "2" }] });

    const lag = await reader.groupLag(groupId, [topic!]);
    expect(lag.sort((a, b) => a.partition - b.partition)).toEqual([
      { topic, partition: 0, lag: 3 },
      { topic, partition: 1, lag: 3 },
    ]);
    expect(await reader.topicRecords(topic!)).toBe(8);
  });
});
