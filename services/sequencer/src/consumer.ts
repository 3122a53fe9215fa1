import type { Consumer, Kafka, KafkaMessage } from "kafkajs";
import { CoPartitionedAssigner, groupTimings } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import { ORIGIN_HEADER } from "./batch-processor.js";
import type { RawMessage } from "./input.js";
import type { SequencerMetrics } from "./metrics.js";
import { PartitionWork } from "./partition-work.js";

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
  /** An error no retry can cure (Redis lost its data): stop taking work. */
  isFatal: (err: unknown) => boolean;
  onFatal: (err: Error) => void;
  /** The group was (re)joined: another member may have written this member's phones meanwhile. */
  onRejoin: () => void;
  commitIntervalMs?: number;
}

export interface SequencerConsumer {
  consumer: Consumer;
  /** Partition numbers this member owns (the same on every input topic). */
  ownedPartitions(): number[];
  isJoined(): boolean;
  /** Stops fetching and applying for good (the process stays up, unready, for an operator to look at). */
  halt(): void;
  stop(): Promise<void>;
}

/**
 * Reads every input topic with an assigner that keeps partition p of all of them on one
 * member, and hands each fetched batch to the work queue of its partition number without
 * waiting for it: kafkajs fetches again at once instead of waiting for the slowest batch of
 * the fetch (and committing after every batch, in series). The queue applies one
 * partition number's events of all five topics together and commits what it applied on a
 * timer; a phone's applied offsets make a replay after a crash or a rebalance harmless.
 */
export async function startSequencerConsumer(options: SequencerConsumerOptions): Promise<SequencerConsumer> {
  const { kafka, groupId, inputs, sessionTimeoutMs, logger } = options;
  const consumer = kafka.consumer({
    groupId,
    partitionAssigners: [CoPartitionedAssigner],
    allowAutoTopicCreation: false,
    ...groupTimings(sessionTimeoutMs),
    // An idle fetch returns within this; the broker answers at once when data arrives.
    maxWaitTimeInMs: 100,
    // A burst is read in slices small enough that what waits in the queues stays in memory bounds.
    maxBytes: 4 * 1024 * 1024,
    maxBytesPerPartition: 256 * 1024,
  });
  let owned: number[] = [];
  let joined = false;
  let halted = false;
  const work = new PartitionWork({
    processBatch: options.processBatch,
    concurrency: options.concurrency,
    metrics: options.metrics,
    logger,
    isFatal: options.isFatal,
    onFatal: (err) => {
      halt();
      options.onFatal(err);
    },
    pause: (topic, partition) => consumer.pause([{ topic, partitions: [partition] }]),
    resume: (topic, partition) => {
      if (!halted) consumer.resume([{ topic, partitions: [partition] }]);
    },
  });
  const topics = Object.keys(inputs).map((topic) => ({ topic }));
  const halt = () => {
    halted = true;
    work.halt();
    consumer.pause(topics);
  };

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    owned = [...new Set(Object.values(payload.memberAssignment).flat())].sort((a, b) => a - b);
    // kafkajs fetches every assigned partition again from its committed offset after a join.
    work.restart();
    options.onRejoin();
    joined = true;
    logger.info({ partitions: owned }, "joined the sequencer group");
  });
  consumer.on(consumer.events.REBALANCING, () => {
    joined = false;
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    joined = false;
    logger.error({ err: payload.error, restart: payload.restart }, "consumer crashed");
    if (!payload.restart) options.onFatal(payload.error);
  });

  await consumer.connect();
  await consumer.subscribe({ topics: Object.keys(inputs), fromBeginning: true });

  const commitTimer = setInterval(() => void commit(), options.commitIntervalMs ?? 500);
  async function commit(): Promise<void> {
    const offsets = work.takeCommittable();
    if (offsets.length === 0) return;
    try {
      await consumer.commitOffsets(offsets);
    } catch (err) {
      // A rebalance took the partition away; its next owner replays from the last commit.
      logger.warn({ err: (err as Error).message }, "offset commit failed");
    }
  }

  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: Object.keys(inputs).length,
    eachBatch: async ({ batch, resolveOffset }) => {
      if (halted || batch.messages.length === 0) return;
      const base = inputs[batch.topic]!;
      const fetchedAt = Date.now();
      const messages = batch.messages.map((m) => toRaw(base, batch.topic, batch.partition, m, fetchedAt));
      for (const m of messages) options.metrics.stageSeconds.observe({ stage: "fetch" }, Math.max(0, fetchedAt - m.writtenAt!) / 1000);
      work.add(batch.partition, batch.topic, messages);
      // Moves the fetch position only: commits follow what was applied.
      resolveOffset(batch.messages[batch.messages.length - 1]!.offset);
    },
  });

  return {
    consumer,
    ownedPartitions: () => owned,
    isJoined: () => joined && !halted,
    halt,
    async stop() {
      clearInterval(commitTimer);
      // Fetch nothing more, finish the round being applied, commit it while still a member, then leave.
      consumer.pause(topics);
      await work.drain();
      await commit();
      await consumer.disconnect();
    },
  };
}

function toRaw(base: string, topic: string, partition: number, m: KafkaMessage, fetchedAt: number): RawMessage {
  const raw: RawMessage = {
    base,
    topic,
    partition,
    offset: m.offset,
    key: m.key?.toString() ?? null,
    value: m.value,
    writtenAt: Number(m.timestamp),
    fetchedAt,
  };
  const origin = m.headers?.[ORIGIN_HEADER]?.toString().split("/");
  if (origin?.length === 3) raw.origin = { topic: origin[0]!, partition: Number(origin[1]), offset: origin[2]! };
  return raw;
}
