import type { Consumer, Kafka, KafkaMessage } from "kafkajs";
import type { BizppurioClient, RetryPolicy } from "@sunseo/bizppurio";
import { decode, topicName, topics, type DispatchResult, type Dlq } from "@sunseo/contracts";
import { OffsetTracker, type SerialProducer } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import type { Redis } from "@sunseo/redis";
import { BatchingProducer } from "./batching-producer.js";
import { DispatcherStopping, handleDispatch, type HandlerDeps } from "./handle-dispatch.js";
import { dispatcherKeys } from "./keys.js";
import { Ledger } from "./ledger.js";
import type { DispatcherMetrics } from "./metrics.js";

/**
 * The dispatch consumer. Commands of one partition run concurrently across phones and one
 * after another per phone (a chain per phone key), so a slow gateway answer for one phone
 * never holds up the others. Offsets are committed only up to the oldest command whose
 * result is not yet produced.
 */
export interface DispatcherDeps {
  kafka: Kafka;
  producer: SerialProducer;
  redis: Redis;
  client: BizppurioClient;
  logger: Logger;
  metrics: DispatcherMetrics;
  topicPrefix: string;
  redisPrefix: string;
  groupId: string;
  account: string;
  inPlaceRetry?: RetryPolicy;
  maxDelayedRetries?: number;
  delayedBackoff?: Pick<RetryPolicy, "baseMs" | "maxMs">;
  maxInFlight?: number;
  ledgerTtlSeconds?: number;
  commitIntervalMs?: number;
}

export interface Dispatcher {
  start(): Promise<void>;
  /** Stops intake, lets running sends finish, commits, disconnects. */
  stop(): Promise<void>;
  /** Consuming with at least one partition assigned (or the group has fewer partitions than members). */
  isReady(): boolean;
  assignedPartitions(): number;
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const log = deps.logger.child({ component: "dispatcher" });
  const dispatchTopic = topicName(deps.topicPrefix, topics.dispatch);
  const resultTopic = topicName(deps.topicPrefix, topics.dispatchResult);
  const dlqTopic = topicName(deps.topicPrefix, topics.dlq);
  const maxInFlight = deps.maxInFlight ?? 512;
  const consumer: Consumer = deps.kafka.consumer({ groupId: deps.groupId, maxWaitTimeInMs: 100 });
  const tracker = new OffsetTracker();
  const out = new BatchingProducer(deps.producer);
  const chains = new Map<string, Promise<void>>();
  const sleepers = new Set<() => void>();
  let stopping = false;
  let running = false;
  let assigned = 0;
  let commitTimer: NodeJS.Timeout | undefined;
  let capacityWaiter: (() => void) | undefined;

  const handlerDeps: HandlerDeps = {
    client: deps.client,
    ledger: new Ledger(deps.redis, dispatcherKeys(deps.redisPrefix), deps.ledgerTtlSeconds ?? 7 * 86_400),
    account: deps.account,
    logger: log,
    metrics: deps.metrics,
    inPlaceRetry: deps.inPlaceRetry ?? { attempts: 2, baseMs: 100, maxMs: 500 },
    maxDelayedRetries: deps.maxDelayedRetries ?? 4,
    delayedBackoff: deps.delayedBackoff ?? { baseMs: 1_000, maxMs: 30_000 },
    wait: (ms) =>
      new Promise<boolean>((resolve) => {
        if (stopping) return resolve(false);
        const wake = () => {
          clearTimeout(timer);
          sleepers.delete(wake);
          resolve(false);
        };
        const timer = setTimeout(() => {
          sleepers.delete(wake);
          resolve(true);
        }, ms);
        sleepers.add(wake);
      }),
  };

  async function commit(): Promise<void> {
    commitTimer = undefined;
    const offsets = tracker.takeCommittable();
    if (offsets.length === 0) return;
    try {
      await consumer.commitOffsets(offsets);
    } catch (err) {
      // A rebalance took the partition away: its next owner replays from the last commit.
      log.warn({ err: (err as Error).message }, "offset commit failed");
    }
  }
  const scheduleCommit = () => {
    commitTimer ??= setTimeout(() => void commit(), deps.commitIntervalMs ?? 50);
  };

  async function process(partition: number, message: KafkaMessage): Promise<void> {
    const decoded = decode(topics.dispatch, message.value);
    if (!decoded.ok) {
      const dlq: Dlq = {
        service: "dispatcher",
        topic: dispatchTopic,
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
        code: decoded.code,
        reason: decoded.reason,
        value: message.value?.toString() ?? null,
        at: Date.now(),
      };
      deps.metrics.dlq.inc({ code: decoded.code });
      log.warn({ partition, offset: message.offset, code: decoded.code, reason: decoded.reason }, "dispatch command rejected to the dlq");
      await out.send({ topic: dlqTopic, key: dlq.key ?? "", value: dlq });
      return;
    }
    const result: DispatchResult | undefined = await handleDispatch(decoded.value, handlerDeps);
    if (result) await out.send({ topic: resultTopic, key: result.phone, value: result });
  }

  /** Runs after the phone's previous command; failures other than stopping are retried by redelivery. */
  function enqueue(partition: number, message: KafkaMessage): void {
    const offset = Number(message.offset);
    tracker.begin(dispatchTopic, partition, offset);
    const phone = message.key?.toString() ?? "";
    const previous = chains.get(phone) ?? Promise.resolve();
    const next = previous.then(async () => {
      try {
        await process(partition, message);
        tracker.finish(dispatchTopic, partition, offset);
        scheduleCommit();
      } catch (err) {
        if (!(err instanceof DispatcherStopping)) {
          // Redis or Kafka failed around the call: leave the offset uncommitted; the command is
          // replayed after a restart and the ledger keeps it from being sent twice.
          log.error({ err: (err as Error).message, partition, offset }, "dispatch command failed, left uncommitted");
        }
      } finally {
        capacityWaiter?.();
      }
    });
    chains.set(phone, next);
    void next.then(() => {
      if (chains.get(phone) === next) chains.delete(phone);
    });
  }

  const busy = () => tracker.inFlight >= maxInFlight;
  async function waitForCapacity(): Promise<void> {
    while (busy() && !stopping) await new Promise<void>((resolve) => (capacityWaiter = resolve));
  }

  return {
    async start() {
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        assigned = Object.values(e.payload.memberAssignment).reduce((n, parts) => n + parts.length, 0);
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [dispatchTopic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 1,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          for (const message of batch.messages) {
            if (!isRunning() || isStale() || stopping) break;
            await waitForCapacity();
            if (stopping) break;
            enqueue(batch.partition, message);
            // Resolving moves the fetch position only; commits follow finished results.
            resolveOffset(message.offset);
          }
          await heartbeat();
        },
      });
      running = true;
    },
    async stop() {
      if (!running) return;
      stopping = true;
      capacityWaiter?.();
      for (const wake of [...sleepers]) wake();
      await Promise.allSettled([...chains.values()]);
      if (commitTimer) clearTimeout(commitTimer);
      await commit();
      await consumer.disconnect();
      running = false;
    },
    isReady: () => running && !stopping,
    assignedPartitions: () => assigned,
  };
}
