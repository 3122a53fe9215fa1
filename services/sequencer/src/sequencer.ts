import type { Kafka } from "kafkajs";
import { sequencerInputs, topicName, topics } from "@sunseo/contracts";
import { sequencerKeys } from "@sunseo/flow-state";
import type { Catalog } from "@sunseo/flows";
import { BatchingProducer, createSerialProducer, hasCommittedOffsets, verifyTopics } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import { guardRedis, RedisDataLostError, type Redis } from "@sunseo/redis";
import { createBatchProcessor } from "./batch-processor.js";
import type { SequencerConfig } from "./config.js";
import { startSequencerConsumer } from "./consumer.js";
import { startSequencerGauges } from "./flow-gauges.js";
import type { SequencerMetrics } from "./metrics.js";
import { PhoneStore } from "./store/phone-store.js";
import { startTimerPoller } from "./timer-poller.js";

export interface SequencerDeps {
  kafka: Kafka;
  redis: Redis;
  catalog: Catalog;
  logger: Logger;
  metrics: SequencerMetrics;
  /** An error the sequencer cannot go on after (not Redis losing data: then it stays up, unready). */
  onFatal: (err: Error) => void;
}

export interface Sequencer {
  start(): Promise<void>;
  stop(): Promise<void>;
  ready(): boolean;
}

/** What start() brought up, to stop and to ask about. */
type Running = Omit<Sequencer, "start">;

const DAY_MS = 86_400_000;

/** The sequencer, built but not started: topic check, Redis guard, producer, Redis store, consumer group, timer poller. */
export function createSequencer(config: SequencerConfig, deps: SequencerDeps): Sequencer {
  let running: Running | undefined;
  return {
    async start() {
      running = await startParts(config, deps);
    },
    async stop() {
      await running?.stop();
    },
    ready: () => running?.ready() ?? false,
  };
}

async function startParts(config: SequencerConfig, { kafka, redis, catalog, logger, metrics, onFatal }: SequencerDeps): Promise<Running> {
  const name = (t: (typeof topics)[keyof typeof topics]) => topicName(config.SUNSEO_TOPIC_PREFIX, t);
  const inputs = Object.fromEntries(sequencerInputs.map((t) => [name(t), t.base]));
  const outputs = [topics.dispatch, topics.alert, topics.flowEvent, topics.dlq].map(name);
  // All sunseo topics are provisioned with one partition count; the inputs must be (co-partitioning).
  const counts = await verifyTopics(kafka, [...Object.keys(inputs), ...outputs]);
  const partitions = Object.values(counts)[0]!;

  let halt: () => void = () => undefined;
  const guard = await guardRedis(redis, {
    prefix: config.SUNSEO_REDIS_PREFIX,
    hasHistory: () => hasCommittedOffsets(kafka, config.SEQUENCER_GROUP_ID, Object.keys(inputs)),
    logger,
    onLost: () => halt(),
  });
  const serialProducer = createSerialProducer(kafka);
  await serialProducer.connect();
  // Partition numbers applied at once share each acks=all write instead of queueing behind each other's.
  const producer = new BatchingProducer(serialProducer);
  // State outlives the retention by a day, so a finished flow is pruned by the machine, not cut off by Redis.
  const keys = sequencerKeys(config.SUNSEO_REDIS_PREFIX);
  const store = new PhoneStore(redis, keys, config.SUNSEO_RETENTION + DAY_MS);
  const processBatch = createBatchProcessor({
    store,
    producer,
    catalog,
    topicPrefix: config.SUNSEO_TOPIC_PREFIX,
    partitions,
    retentionMs: config.SUNSEO_RETENTION,
    reportGraceMs: config.SEQUENCER_REPORT_GRACE,
    reportRequests: config.SEQUENCER_REPORT_REQUESTS,
    metrics,
    logger,
    verifyRedis: () => guard.verify(),
  });
  const consumer = await startSequencerConsumer({
    kafka,
    groupId: config.SEQUENCER_GROUP_ID,
    inputs,
    processBatch,
    concurrency: config.SEQUENCER_CONCURRENCY,
    sessionTimeoutMs: config.SEQUENCER_SESSION_TIMEOUT,
    metrics,
    logger,
    isFatal: (err) => err instanceof RedisDataLostError,
    onRejoin: () => store.forgetAll(),
    onFatal: (err) => (err instanceof RedisDataLostError ? halt() : onFatal(err)),
  });
  const poller = startTimerPoller({
    store,
    producer,
    topicPrefix: config.SUNSEO_TOPIC_PREFIX,
    intervalMs: config.SEQUENCER_TIMER_POLL,
    ownedPartitions: consumer.ownedPartitions,
    logger,
  });
  const gauges = startSequencerGauges({
    kafka,
    redis,
    keys,
    groupId: config.SEQUENCER_GROUP_ID,
    topicPrefix: config.SUNSEO_TOPIC_PREFIX,
    inputTopics: Object.keys(inputs),
    ownedPartitions: consumer.ownedPartitions,
    retentionMs: config.SUNSEO_RETENTION + DAY_MS,
    metrics,
    logger,
  });
  // Redis lost our data: deciding anything more from it would break the guarantees, so stop taking work and stay unready.
  halt = () => {
    consumer.halt();
    void poller.stop();
  };

  return {
    ready: () => consumer.isJoined() && redis.status === "ready" && guard.isIntact(),
    async stop() {
      guard.stop();
      await gauges.stop();
      await poller.stop();
      await consumer.stop();
      await serialProducer.disconnect();
    },
  };
}
