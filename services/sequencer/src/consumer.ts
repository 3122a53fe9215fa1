import type { Consumer, Kafka, KafkaMessage } from "kafkajs";
import { CoPartitionedAssigner, groupTimings, KeyedSerializer } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import { ORIGIN_HEADER } from "./batch-processor.js";
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
  /** An error no retry can cure (Redis lost its data): stop taking work. */
  isFatal: (err: unknown) => boolean;
  onFatal: (err: Error) => void;
}

export interface SequencerConsumer {
  consumer: Consumer;
  /** Partition numbers this member owns (the same on every input topic). */
  ownedPartitions(): number[];
  isJoined(): boolean;
  /** Stops fetching for good (the process stays up, unready, for an operator to look at). */
  halt(): void;
  stop(): Promise<void>;
}

const CHUNK = 500;
const RETRY_MAX_MS = 5_000;

/**
 * Reads every input topic with an assigner that keeps partition p of all of them on one
 * member, and applies one partition number at a time (kafkajs would otherwise run the
 * report batch and the dispatch-result batch of the same phones concurrently). Offsets are
 * resolved only after a chunk's effects are stored and produced.
 *
 * Redis or Kafka failing under a chunk does not crash the consumer: the chunk is retried
 * in place with backoff (a phone's applied offsets make a retry safe) while the member
 * heartbeats, so it keeps its partitions through a short outage and resumes at once.
 */
export async function startSequencerConsumer(options: SequencerConsumerOptions): Promise<SequencerConsumer> {
  const { kafka, groupId, inputs, processBatch, concurrency, sessionTimeoutMs, metrics, logger } = options;
  const consumer = kafka.consumer({
    groupId,
    partitionAssigners: [CoPartitionedAssigner],
    allowAutoTopicCreation: false,
    ...groupTimings(sessionTimeoutMs),
    // An idle fetch returns within this; a short wait keeps a lone report from waiting on it.
    maxWaitTimeInMs: 100,
  });
  let owned: number[] = [];
  let joined = false;
  let halted = false;
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
    if (!payload.restart) options.onFatal(payload.error);
  });

  await consumer.connect();
  await consumer.subscribe({ topics: Object.keys(inputs), fromBeginning: true });
  const serializer = new KeyedSerializer<number>();
  const topics = Object.keys(inputs).map((topic) => ({ topic }));
  const halt = () => {
    halted = true;
    consumer.pause(topics);
  };

  await consumer.run({
    partitionsConsumedConcurrently: concurrency,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
      const base = inputs[batch.topic]!;
      const usable = () => isRunning() && !isStale() && !halted;
      await serializer.run(batch.partition, async () => {
        for (let i = 0; i < batch.messages.length; i += CHUNK) {
          const chunk = batch.messages.slice(i, i + CHUNK);
          for (let attempt = 1; ; attempt++) {
            if (!usable()) return;
            try {
              await processBatch(chunk.map((m) => toRaw(base, batch.topic, batch.partition, m)));
              break;
            } catch (err) {
              if (options.isFatal(err)) {
                halt();
                options.onFatal(err as Error);
                return;
              }
              metrics.transientErrors.inc();
              if (attempt === 1 || attempt % 20 === 0) logger.warn({ err: (err as Error).message, topic: base, partition: batch.partition, attempt }, "batch failed; retrying in place");
              await new Promise((r) => setTimeout(r, Math.min(RETRY_MAX_MS, 100 * 2 ** Math.min(attempt - 1, 6))));
              // Throws when the group is rebalancing: the batch is left to the partition's next owner.
              await heartbeat();
            }
          }
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
    isJoined: () => joined && !halted,
    halt,
    async stop() {
      await consumer.disconnect();
    },
  };
}

function toRaw(base: string, topic: string, partition: number, m: KafkaMessage): RawMessage {
  const raw: RawMessage = { base, topic, partition, offset: m.offset, key: m.key?.toString() ?? null, value: m.value };
  const origin = m.headers?.[ORIGIN_HEADER]?.toString().split("/");
  if (origin?.length === 3) raw.origin = { topic: origin[0]!, partition: Number(origin[1]), offset: origin[2]! };
  return raw;
}
