import type { Consumer, Kafka, KafkaMessage } from "kafkajs";
import { CoPartitionedAssigner, KeyedSerializer } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import type { RawMessage } from "./input.js";
import type { SequencerMetrics } from "./metrics.js";

export interface SequencerConsumerOptions {
  kafka: Kafka;
  groupId: string;
  /** Full topic name -> its base name, for every input topic. */
  inputs: Record<string, string>;
  processBatch: (messages: RawMessage[]) => Promise<void>;
  concurrency: number;
  sessionTimeoutMs: number;
  metrics: SequencerMetrics;
  logger: Logger;
  /** kafkajs gave up on the consumer (a non-retriable error): the process should exit and be restarted. */
  onFatal: (err: Error) => void;
}

export interface SequencerConsumer {
  consumer: Consumer;
  /** Partition numbers this member owns (the same on every input topic). */
  ownedPartitions(): number[];
  isJoined(): boolean;
  stop(): Promise<void>;
}

const CHUNK = 500;

/**
 * Reads every input topic with an assigner that keeps partition p of all of them on one
 * member, and applies one partition number at a time (kafkajs would otherwise run the
 * report batch and the dispatch-result batch of the same phones concurrently). Offsets are
 * resolved only after a chunk's effects are stored and produced.
 */
export async function startSequencerConsumer(options: SequencerConsumerOptions): Promise<SequencerConsumer> {
  const { kafka, groupId, inputs, processBatch, concurrency, sessionTimeoutMs, metrics, logger, onFatal } = options;
  const consumer = kafka.consumer({
    groupId,
    partitionAssigners: [CoPartitionedAssigner],
    allowAutoTopicCreation: false,
    sessionTimeout: sessionTimeoutMs,
    heartbeatInterval: Math.max(500, Math.floor(sessionTimeoutMs / 10)),
    // An idle fetch returns within this; a short wait keeps a lone report from waiting on it.
    maxWaitTimeInMs: 100,
  });
  let owned: number[] = [];
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    owned = [...new Set(Object.values(payload.memberAssignment).flat())].sort((a, b) => a - b);
    joined = true;
    logger.info({ partitions: owned }, "joined the sequencer group");
  });
  consumer.on(consumer.events.REBALANCING, () => {
    joined = false;
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    joined = false;
    logger.error({ err: payload.error, restart: payload.restart }, "consumer crashed");
    if (!payload.restart) onFatal(payload.error);
  });

  await consumer.connect();
  await consumer.subscribe({ topics: Object.keys(inputs), fromBeginning: true });
  const serializer = new KeyedSerializer<number>();

  await consumer.run({
    partitionsConsumedConcurrently: concurrency,
    // Offsets are a lower bound only: a phone's state records what it applied, so committing
    // once a second instead of per batch saves a broker round trip per batch and loses nothing.
    autoCommitInterval: 1_000,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
      const base = inputs[batch.topic]!;
      await serializer.run(batch.partition, async () => {
        for (let i = 0; i < batch.messages.length; i += CHUNK) {
          if (!isRunning() || isStale()) return;
          const chunk = batch.messages.slice(i, i + CHUNK);
          await processBatch(chunk.map((m) => toRaw(base, batch.topic, batch.partition, m)));
          resolveOffset(chunk[chunk.length - 1]!.offset);
          await heartbeat();
        }
        await commitOffsetsIfNecessary();
        metrics.consumerLag.set({ topic: base, partition: String(batch.partition) }, Number(batch.offsetLag()));
      });
    },
  });

  return {
    consumer,
    ownedPartitions: () => owned,
    isJoined: () => joined,
    async stop() {
      await consumer.disconnect();
    },
  };
}

function toRaw(base: string, topic: string, partition: number, m: KafkaMessage): RawMessage {
  return { base, topic, partition, offset: m.offset, key: m.key?.toString() ?? null, value: m.value };
}
