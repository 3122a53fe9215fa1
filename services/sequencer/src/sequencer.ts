import type { Kafka } from "kafkajs";
import { sequencerInputs, topicName, topics } from "@sunseo/contracts";
import type { Catalog } from "@sunseo/flows";
import { BatchingProducer, createSerialProducer, hasCommittedOffsets, verifyTopics } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import { guardRedis, RedisDataLostError, type Redis } from "@sunseo/redis";
import { createBatchProcessor } from "./batch-processor.js";
import { startSequencerConsumer } from "./consumer.js";
import { createSequencerMetrics, type SequencerMetrics } from "./metrics.js";
import { sequencerKeys } from "@sunseo/flow-state";
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
  reportRequests: number;
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

/** Wires the sequencer: topic check, Redis guard, producer, Redis store, consumer group, timer poller. */
export async function startSequencer(o: SequencerOptions): Promise<Sequencer> {
  const name = (t: (typeof topics)[keyof typeof topics]) => topicName(o.topicPrefix, t);
  const inputs = Object.fromEntries(sequencerInputs.map((t) => [name(t), t.base]));
  const outputs = { dispatch: name(topics.dispatch), alert: name(topics.alert), flowEvent: name(topics.flowEvent), dlq: name(topics.dlq) };
  // All sunseo topics are provisioned with one partition count; the inputs must be (co-partitioning).
  const counts = await verifyTopics(o.kafka, [...Object.keys(inputs), ...Object.values(outputs)]);
  const partitions = Object.values(counts)[0]!;

  const metrics = o.metrics ?? createSequencerMetrics();
  let halt: () => void = () => undefined;
  const guard = await guardRedis(o.redis, {
    prefix: o.redisPrefix,
    hasHistory: () => hasCommittedOffsets(o.kafka, o.groupId, Object.keys(inputs)),
    logger: o.logger,
    onLost: () => halt(),
  });
  const serialProducer = createSerialProducer(o.kafka);
  await serialProducer.connect();
  // Partition numbers applied at once share each acks=all write instead of queueing behind each other's.
  const producer = new BatchingProducer(serialProducer);
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
    reportRequests: o.reportRequests,
    metrics,
    logger: o.logger,
    verifyRedis: () => guard.verify(),
  });
  const consumer = await startSequencerConsumer({
    kafka: o.kafka,
    groupId: o.groupId,
    inputs,
    processBatch,
    concurrency: o.concurrency,
    sessionTimeoutMs: o.sessionTimeoutMs,
    metrics,
    logger: o.logger,
    isFatal: (err) => err instanceof RedisDataLostError,
    onRejoin: () => store.forgetAll(),
    onFatal: (err) => (err instanceof RedisDataLostError ? halt() : o.onFatal(err)),
  });
  const poller = startTimerPoller({ store, producer, timerTopic: name(topics.timer), intervalMs: o.timerPollMs, ownedPartitions: consumer.ownedPartitions, logger: o.logger });
  // Redis lost our data: deciding anything more from it would break the guarantees, so stop taking work and stay unready.
  halt = () => {
    consumer.halt();
    void poller.stop();
  };

  return {
    metrics,
    isReady: () => consumer.isJoined() && o.redis.status === "ready" && guard.isIntact(),
    async stop() {
      guard.stop();
      await poller.stop();
      await consumer.stop();
      await serialProducer.disconnect();
    },
  };
}
