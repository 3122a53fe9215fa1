import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Consumer } from "kafkajs";
import { eventually, testContext, type TestContext } from "@sunseo/testing";
import { createSerialProducer } from "./serial-producer.js";

const MESSAGES = 10_000;
const PHONES = 500;
const phone = (i: number) => `010${String(10_000_000 + i * 7919).padStart(8, "0")}`;

describe("the shared producer and a consumer group keep per-phone order", () => {
  let ctx: TestContext;
  let topic: string;
  beforeAll(async () => {
    ctx = await testContext("ordering");
    [topic] = (await ctx.createTopics(["events"], 12)) as [string];
  });
  afterAll(() => ctx.cleanup());

  it(`${MESSAGES} messages over ${PHONES} phones: in order, none lost, none duplicated`, async () => {
    const received = new Map<string, number[]>();
    const assigned = new Map<string, number>();
    const consumers: Consumer[] = [];
    for (const member of ["a", "b"]) {
      const consumer = ctx.kafka.consumer({ groupId: `${ctx.id}-group`, allowAutoTopicCreation: false });
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        assigned.set(member, Object.values(payload.memberAssignment).flat().length);
      });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const key = message.key!.toString();
          const list = received.get(key) ?? [];
          list.push((JSON.parse(message.value!.toString()) as { seq: number }).seq);
          received.set(key, list);
        },
      });
      consumers.push(consumer);
    }
    // Produce only once both members hold partitions, so no rebalance replays anything.
    await eventually(() => {
      expect(assigned.get("a")! + assigned.get("b")!).toBe(12);
      expect(assigned.get("a")).toBeGreaterThan(0);
      expect(assigned.get("b")).toBeGreaterThan(0);
    });

    const producer = createSerialProducer(ctx.kafka);
    await producer.connect();
    // Callers do not await each other: the producer itself must keep call order per key.
    const sends: Promise<void>[] = [];
    for (let start = 0; start < MESSAGES; start += 250) {
      const batch = [];
      for (let i = start; i < start + 250; i++) {
        const key = phone(i % PHONES);
        batch.push({ topic, key, value: { seq: Math.floor(i / PHONES) } });
      }
      sends.push(producer.send(batch));
    }
    await Promise.all(sends);
    await producer.disconnect();

    await eventually(() => expect([...received.values()].reduce((n, l) => n + l.length, 0)).toBe(MESSAGES), { timeoutMs: 60_000 });
    await Promise.all(consumers.map((c) => c.disconnect()));

    const perPhone = MESSAGES / PHONES;
    const expected = Array.from({ length: perPhone }, (_, i) => i);
    expect(received.size).toBe(PHONES);
    for (const [key, seqs] of received) expect(seqs, key).toEqual(expected);
  });
});
