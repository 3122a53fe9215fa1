import { randomUUID } from "node:crypto";
import type { Kafka } from "kafkajs";
import { createSerialProducer, ensureTopics } from "@sunseo/kafka";
import { percentile } from "./stats.js";

export interface RelayResult {
  p50: number;
  p99: number;
  samples: number;
}

/**
 * The floor sunseo's step time is compared with: a bare kafkajs relay over the same two
 * Kafka hops a step takes (produce acks=all idempotent -> consume -> produce -> consume),
 * on the same broker, with the producer the services use, at a gentle rate.
 */
export async function measureRelay(kafka: Kafka, { perSecond = 100, seconds = 10, warmupSeconds = 3 } = {}): Promise<RelayResult> {
  const id = `bench-relay-${randomUUID().slice(0, 8)}`;
  const [first, second] = [`${id}.a`, `${id}.b`];
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [first, second], { partitions: 12 });
  const source = createSerialProducer(kafka);
  const relay = createSerialProducer(kafka);
  await Promise.all([source.connect(), relay.connect()]);
  const hop = kafka.consumer({ groupId: `${id}-hop`, maxWaitTimeInMs: 100 });
  const sink = kafka.consumer({ groupId: `${id}-sink`, maxWaitTimeInMs: 100 });
  const latencies: number[] = [];
  let measuring = false;
  try {
    await Promise.all([hop.connect(), sink.connect()]);
    await hop.subscribe({ topic: first, fromBeginning: true });
    await sink.subscribe({ topic: second, fromBeginning: true });
    await hop.run({
      eachMessage: ({ message }) => relay.send([{ topic: second, key: message.key!.toString(), value: JSON.parse(message.value!.toString()) }]),
    });
    await sink.run({
      eachMessage: async ({ message }) => {
        const { sentAt } = JSON.parse(message.value!.toString()) as { sentAt: number; measured: boolean };
        if (measuring) latencies.push(performance.timeOrigin + performance.now() - sentAt);
      },
    });
    const total = (warmupSeconds + seconds) * perSecond;
    for (let i = 0; i < total; i++) {
      if (i === warmupSeconds * perSecond) measuring = true;
      const key = `010${String(10_000_000 + i).padStart(8, "0")}`;
      void source.send([{ topic: first, key, value: { sentAt: performance.timeOrigin + performance.now() } }]);
      await new Promise((r) => setTimeout(r, 1_000 / perSecond));
    }
    await new Promise((r) => setTimeout(r, 2_000));
  } finally {
    await Promise.allSettled([hop.disconnect(), sink.disconnect()]);
    await Promise.allSettled([source.disconnect(), relay.disconnect()]);
    await admin.deleteTopics({ topics: [first, second] }).catch(() => undefined);
    await admin.disconnect();
  }
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), samples: latencies.length };
}
