import type { Kafka } from "kafkajs";
import { sequencerInputs, topicName, topics } from "@sunseo/contracts";
import type { Catalog } from "@sunseo/flows";
import { createSerialProducer, verifyTopics } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import type { Redis } from "@sunseo/redis";
import { createBatchProcessor } from "./batch-processor.js";
import { startSequencerConsumer } from "./consumer.js";
import { createSequencerMetrics, type SequencerMetrics } from "./metrics.js";
import { sequencerKeys } from "./store/keys.js";
import { PhoneStore } from "./store/phone-store.js";
import { startTimerPoller } from "./timer-poller.js";

export interface SequencerOptions {
  kafka: Kafka;
  redis: Redis;
  catalog: Catalog;
  topicPrefix: string;
  redisPrefix: string;
  groupId: string;
  retentionMs: number;
  reportGraceMs: number;
  timerPollMs: number;
  concurrency: number;
  sessionTimeoutMs: number;
  logger: Logger;
  metrics?: SequencerMetrics;
  onFatal: (err: Error) => void;
}

export interface Sequencer {
  metrics: SequencerMetrics;
  isReady(): boolean;
  stop(): Promise<void>;
}

const DAY_MS = 86_400_000;

/** Wires the sequencer: topic check, producer, Redis store, consumer group, timer poller. */
export async function startSequencer(o: SequencerOptions): Promise<Sequencer> {
  const name = (t: (typeof topics)[keyof typeof topics]) => topicName(o.topicPrefix, t);
  const inputs = Object.fromEntries(sequencerInputs.map((t) => [name(t), t.base]));
  const outputs = { dispatch: name(topics.dispatch), alert: name(topics.alert), flowEvent: name(topics.flowEvent), dlq: name(topics.dlq) };
  // All sunseo topics are provisioned with one partition count; the inputs must be (co-partitioning).
  const counts = await verifyTopics(o.kafka, [...Object.keys(inputs), ...Object.values(outputs)]);
  const partitions = Object.values(counts)[0]!;

  const metrics = o.metrics ?? createSequencerMetrics();
  const producer = createSerialProducer(o.kafka);
  await producer.connect();
  // State outlives the retention by a day, so a finished flow is pruned by the machine, not cut off by Redis.
  const store = new PhoneStore(o.redis, sequencerKeys(o.redisPrefix), o.retentionMs + DAY_MS);
  const processBatch = createBatchProcessor({
    store,
    producer,
    catalog: o.catalog,
    outputs,
    partitions,
    retentionMs: o.retentionMs,
    reportGraceMs: o.reportGraceMs,
    metrics,
    logger: o.logger,
  });
  const consumer = await startSequencerConsumer({ kafka: o.kafka, groupId: o.groupId, inputs, processBatch, concurrency: o.concurrency, sessionTimeoutMs: o.sessionTimeoutMs, metrics, logger: o.logger, onFatal: o.onFatal });
  const poller = startTimerPoller({ store, producer, timerTopic: name(topics.timer), intervalMs: o.timerPollMs, ownedPartitions: consumer.ownedPartitions, logger: o.logger });

  return {
    metrics,
    isReady: () => consumer.isJoined() && o.redis.status === "ready",
    async stop() {
      await poller.stop();
      await consumer.stop();
      await producer.disconnect();
    },
  };
}
