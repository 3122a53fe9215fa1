import type { EachBatchPayload, Kafka } from "kafkajs";
import { decode, topicName, topics } from "@sunseo/contracts";
import type { FlowStateReader } from "@sunseo/flow-state";
import { groupTimings } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import { alertEntry, ENDED_BADLY, failureEntry } from "./entries.js";
import type { IndexStore } from "./store.js";

export interface IndexerOptions {
  kafka: Kafka;
  groupId: string;
  topicPrefix: string;
  store: IndexStore;
  reader: FlowStateReader;
  logger: Logger;
  onFatal(err: Error): void;
}

export interface Indexer {
  isJoined(): boolean;
  stop(): Promise<void>;
}

/**
 * The console's own consumer group on flow-event, dispatch-result and alert: it keeps what
 * the sequencer's state cannot answer (flows that ended badly, messagekeys, idempotency keys
 * without their phone, alerts). Every write is idempotent, so a redelivered batch is harmless
 * and offsets are committed automatically after each batch. A record that does not decode is
 * skipped with a warning: its producer's own consumers dead-letter it.
 */
export async function startIndexer({ kafka, groupId, topicPrefix, store, reader, logger, onFatal }: IndexerOptions): Promise<Indexer> {
  const names = {
    flowEvent: topicName(topicPrefix, topics.flowEvent),
    dispatchResult: topicName(topicPrefix, topics.dispatchResult),
    alert: topicName(topicPrefix, topics.alert),
  };
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500, ...groupTimings(10_000) });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    joined = false;
    logger.error({ err: payload.error, restart: payload.restart }, "indexer consumer crashed");
    if (!payload.restart) onFatal(payload.error);
  });

  async function index(topic: string, value: Buffer | null): Promise<void> {
    if (topic === names.flowEvent) {
      const decoded = decode(topics.flowEvent, value);
      if (!decoded.ok) return skip(topic, decoded.reason);
      const event = decoded.value;
      if (event.idempotencyKey !== undefined && (event.type === "started" || event.type === "queued")) {
        await store.recordIdempotencyKey(event.idempotencyKey, event.instanceId);
      }
      if (ENDED_BADLY.has(event.type)) await store.recordFailure(failureEntry(event, await reader.phoneState(event.phone)));
    } else if (topic === names.dispatchResult) {
      const decoded = decode(topics.dispatchResult, value);
      if (!decoded.ok) return skip(topic, decoded.reason);
      if (decoded.value.outcome === "accepted") await store.recordMessagekey(decoded.value.messagekey, decoded.value.refkey);
    } else if (topic === names.alert) {
      const decoded = decode(topics.alert, value);
      if (!decoded.ok) return skip(topic, decoded.reason);
      await store.recordAlert(alertEntry(decoded.value));
    }
  }
  const skip = (topic: string, reason: string) => logger.warn({ topic, reason }, "skipped a record the console cannot read");

  async function eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) return;
      await index(batch.topic, message.value);
      resolveOffset(message.offset);
    }
    await heartbeat();
  }

  await consumer.connect();
  await consumer.subscribe({ topics: Object.values(names), fromBeginning: true });
  await consumer.run({ eachBatchAutoResolve: false, eachBatch });
  return {
    isJoined: () => joined,
    stop: () => consumer.disconnect(),
  };
}
