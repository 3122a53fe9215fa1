import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KafkaMessage } from "kafkajs";
import { parseCatalog } from "@sunseo/flows";
import { partitionFor } from "@sunseo/kafka";
import { eventually, testContext, type TestContext } from "@sunseo/testing";
import { createFlowClient } from "./index.js";

const catalog = parseCatalog(
  `
from: "0212345678"
senderKey: k
flows:
  teacher-onboarding:
    steps:
      - { name: counsel-start, template: COUNSEL_START, text: "#{name} 선생님, 상담을 시작합니다." }
`,
  {},
);

describe("flow-client on a real broker", () => {
  let ctx: TestContext;
  let startTopic: string;
  let cancelTopic: string;
  beforeAll(async () => {
    ctx = await testContext("flow-client");
    [startTopic, cancelTopic] = (await ctx.createTopics(["flow-start", "flow-cancel"], 12)) as [string, string];
  });
  afterAll(() => ctx.cleanup());

  it("puts the exact start and cancel on their topics under the canonical phone key", async () => {
    const client = createFlowClient({ kafka: ctx.kafka, topicPrefix: ctx.topicPrefix, catalog });
    await client.connect();
    const started = await client.startFlow({
      flow: "teacher-onboarding",
      phone: "+82 10-9876-5432",
      variables: { name: "김하늘" },
      traceId: "trace-1",
    });
    await client.cancelFlow({ phone: "010 9876 5432", idempotencyKey: started.idempotencyKey, reason: "test" });
    await client.disconnect();

    const received: { topic: string; partition: number; message: KafkaMessage }[] = [];
    const consumer = ctx.kafka.consumer({ groupId: `${ctx.id}-reader` });
    await consumer.connect();
    await consumer.subscribe({ topics: [startTopic, cancelTopic], fromBeginning: true });
    await consumer.run({ eachMessage: async (payload) => void received.push(payload) });
    await eventually(() => expect(received).toHaveLength(2));
    await consumer.disconnect();

    const start = received.find((r) => r.topic === startTopic)!;
    const cancel = received.find((r) => r.topic === cancelTopic)!;
    expect(started.phone).toBe("01098765432");
    for (const r of [start, cancel]) {
      expect(r.message.key?.toString()).toBe("01098765432");
      expect(r.partition).toBe(partitionFor("01098765432", 12));
    }
    const startValue = JSON.parse(start.message.value!.toString()) as Record<string, unknown>;
    expect(startValue).toEqual({
      flow: "teacher-onboarding",
      phone: "01098765432",
      variables: { name: "김하늘" },
      idempotencyKey: started.idempotencyKey,
      requestedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      traceId: "trace-1",
    });
    expect(started.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(cancel.message.value!.toString())).toEqual({
      phone: "01098765432",
      idempotencyKey: started.idempotencyKey,
      reason: "test",
      requestedAt: expect.any(String),
    });
  });
});
