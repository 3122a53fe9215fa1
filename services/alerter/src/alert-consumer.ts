import type { EachBatchPayload, Kafka } from "kafkajs";
import { groupTimings, OffsetTracker } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import type { AlertRecord, Handled } from "./handler.js";

export interface AlertConsumerOptions {
  kafka: Kafka;
  groupId: string;
  sessionTimeoutMs: number;
  topic: string;
  handle(record: AlertRecord, heartbeat: () => Promise<void>): Promise<Handled>;
  /** The group was (re)joined: everything uncommitted is redelivered, so copies held from before are stale. */
  onRejoin(): void;
  /** kafkajs gave up on the consumer (a non-retriable error): the process should exit and be restarted. */
  onFatal(err: Error): void;
  logger: Logger;
  commitIntervalMs?: number;
}

export interface AlertConsumer {
  isJoined(): boolean;
  /** These records' alerts are now with every sink or the dlq: their offsets may be committed. */
  settle(records: readonly AlertRecord[]): void;
  /** Reads no further and waits (at most `maxWaitMs`) for the record being handled. */
  stopIntake(maxWaitMs: number): Promise<void>;
  /** Commits what is settled and leaves the group. */
  close(): Promise<void>;
}

/**
 * Reads the alert topic, one record after another per partition, and commits by hand: an
 * offset only once every record up to it is settled (a sink or the dlq has its alert). A
 * folded alert holds its partition's commit back until its summary is delivered, so a crash
 * redelivers it instead of losing it.
 */
export async function startAlertConsumer({
  kafka,
  groupId,
  sessionTimeoutMs,
  topic,
  handle,
  onRejoin,
  onFatal,
  logger,
  commitIntervalMs = 500,
}: AlertConsumerOptions): Promise<AlertConsumer> {
  const consumer = kafka.consumer({
    groupId,
    // A short fetch wait keeps disconnect (which waits for the fetch in flight) inside the shutdown grace.
    maxWaitTimeInMs: 1_000,
    ...groupTimings(sessionTimeoutMs),
  });
  const tracker = new OffsetTracker();
  const seen = new Set<number>();
  let joined = false;
  let stopping = false;
  let current: Promise<void> = Promise.resolve();

  consumer.on(consumer.events.GROUP_JOIN, () => {
    // kafkajs resumes every assigned partition from its committed offset after a join, kept ones included.
    for (const partition of seen) tracker.forget(topic, partition);
    seen.clear();
    onRejoin();
    joined = true;
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    joined = false;
    logger.error({ err: payload.error, restart: payload.restart }, "consumer crashed");
    if (!payload.restart) onFatal(payload.error);
  });

  async function commit(): Promise<void> {
    const offsets = tracker.takeCommittable();
    if (offsets.length === 0) return;
    try {
      await consumer.commitOffsets(offsets);
    } catch (err) {
      // A rebalance took the partition away: its next owner replays from the last commit.
      logger.warn({ err: (err as Error).message }, "offset commit failed");
    }
  }

  async function consume({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    for (const message of batch.messages) {
      if (stopping || !isRunning() || isStale()) return;
      const offset = Number(message.offset);
      tracker.begin(batch.topic, batch.partition, offset);
      seen.add(batch.partition);
      const record: AlertRecord = {
        topic: batch.topic,
        partition: batch.partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? null,
      };
      const handled = await handle(record, heartbeat);
      if (handled === "deferred") return;
      if (handled === "done") tracker.finish(batch.topic, batch.partition, offset);
      // Moves the fetch position only; what is committed follows settled records.
      resolveOffset(message.offset);
      await heartbeat();
    }
  }

  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => (current = consume(payload)) });
  const commitTimer = setInterval(() => void commit(), commitIntervalMs);

  return {
    isJoined: () => joined && !stopping,
    settle(records) {
      for (const r of records) tracker.finish(r.topic, r.partition, Number(r.offset));
    },
    async stopIntake(maxWaitMs) {
      stopping = true;
      consumer.pause([{ topic }]);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([current.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, maxWaitMs)))]);
      clearTimeout(timer);
    },
    async close() {
      clearInterval(commitTimer);
      // Before disconnecting: kafkajs ignores commits once the consumer has stopped.
      await commit();
      await consumer.disconnect();
    },
  };
}
