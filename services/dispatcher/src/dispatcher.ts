import type { Consumer, Kafka, KafkaMessage } from "kafkajs";
import type { BizppurioClient } from "@sunseo/bizppurio";
import { decode, topicName, topics, type Dlq } from "@sunseo/contracts";
import { BatchingProducer, groupTimings, KeyedSerializer, OffsetTracker, type SerialProducer } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import { RedisDataLostError, type Redis, type RedisGuard } from "@sunseo/redis";
import { SendLedger } from "@sunseo/send-ledger";
import { handleDispatch, type HandlerDeps } from "./handle-dispatch.js";
import { createInfraRetry, DispatcherStopping } from "./infra-retry.js";
import type { DispatcherMetrics } from "./metrics.js";
import type { SendRetryPolicy } from "./outcome.js";

export interface DispatcherDeps {
  kafka: Kafka;
  producer: SerialProducer;
  redis: Redis;
  guard: RedisGuard;
  client: BizppurioClient;
  logger: Logger;
  metrics: DispatcherMetrics;
  topicPrefix: string;
  redisPrefix: string;
  groupId: string;
  account: string;
  retry: SendRetryPolicy;
  maxInFlight: number;
  ledgerTtlMs: number;
  sessionTimeoutMs: number;
  /** kafkajs gave up on the consumer (a non-retriable error): the process should exit and be restarted. */
  onFatal: (err: Error) => void;
  commitIntervalMs?: number;
}

export interface Dispatcher {
  start(): Promise<void>;
  /** Stops intake, lets running sends finish, commits, disconnects. */
  stop(): Promise<void>;
  /** Consuming, Redis reachable and intact, nothing failing. */
  isReady(): boolean;
  assignedPartitions(): number;
}

/**
 * The dispatch consumer. Commands of one partition run concurrently across phones and one
 * after another per phone, so a slow gateway answer for one phone never holds up the
 * others. Offsets are committed only up to the oldest command whose result is not yet
 * produced; a Redis or Kafka outage under a command delays it (retried in place) but
 * never strands its offset.
 */
export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const log = deps.logger.child({ component: "dispatcher" });
  const dispatchTopic = topicName(deps.topicPrefix, topics.dispatch);
  const resultTopic = topicName(deps.topicPrefix, topics.dispatchResult);
  const dlqTopic = topicName(deps.topicPrefix, topics.dlq);
  const consumer: Consumer = deps.kafka.consumer({
    groupId: deps.groupId,
    maxWaitTimeInMs: 100,
    ...groupTimings(deps.sessionTimeoutMs),
  });
  const tracker = new OffsetTracker();
  const out = new BatchingProducer(deps.producer);
  const chains = new KeyedSerializer<string>();
  const sleepers = new Set<() => void>();
  let stopping = false;
  let halted = false;
  let running = false;
  let assigned = 0;
  let commitTimer: NodeJS.Timeout | undefined;
  let capacityWaiter: (() => void) | undefined;

  const wait = (ms: number) =>
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
    });
  const infra = createInfraRetry({
    isStopping: () => stopping,
    wait,
    onFailure: (what, err, attempt) => {
      deps.metrics.infraRetries.inc({ call: what });
      if (attempt === 1 || attempt % 20 === 0) log.warn({ what, err: err.message, attempt }, "Redis or Kafka call failed; retrying in place");
    },
  });
  const handlerDeps: HandlerDeps = {
    client: deps.client,
    ledger: new SendLedger(deps.redis, deps.redisPrefix, deps.ledgerTtlMs),
    account: deps.account,
    logger: log,
    metrics: deps.metrics,
    retry: deps.retry,
    infra,
    verifyRedis: () => deps.guard.verify(),
    wait,
  };

  /** Redis lost our data: sending anything more could send a step twice. Stop taking work and stay unready. */
  function halt(err: Error): void {
    if (halted) return;
    halted = true;
    consumer.pause([{ topic: dispatchTopic }]);
    log.fatal({ err: err.message }, "stopped dispatching: Redis lost its data (see README, Recovering from Redis data loss)");
  }

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

  async function process(partition: number, message: KafkaMessage, fetchedAt: number): Promise<void> {
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
      await infra("dlq produce", () => out.send([{ topic: dlqTopic, key: dlq.key ?? "", value: dlq }]));
      return;
    }
    const result = await handleDispatch(decoded.value, handlerDeps, fetchedAt);
    if (result) await infra("result produce", () => out.send([{ topic: resultTopic, key: result.phone, value: result }]));
  }

  /** Runs after the phone's previous command. Only stopping or a Redis data loss leave a command unfinished. */
  function enqueue(partition: number, message: KafkaMessage): void {
    const offset = Number(message.offset);
    const fetchedAt = Date.now();
    deps.metrics.stageSeconds.observe({ stage: "fetch" }, Math.max(0, fetchedAt - Number(message.timestamp)) / 1000);
    tracker.begin(dispatchTopic, partition, offset);
    void chains.run(message.key?.toString() ?? "", async () => {
      try {
        for (let attempt = 1; ; attempt++) {
          try {
            await process(partition, message, fetchedAt);
            break;
          } catch (err) {
            if (err instanceof DispatcherStopping) return;
            if (err instanceof RedisDataLostError) return halt(err);
            // A bug, not an outage: retrying (the ledger keeps it from sending twice) beats stranding the offset.
            log.error({ err, partition, offset, attempt }, "dispatch command failed unexpectedly; retrying");
            if (!(await wait(Math.min(30_000, 1_000 * attempt)))) return;
          }
        }
        tracker.finish(dispatchTopic, partition, offset);
        scheduleCommit();
      } finally {
        capacityWaiter?.();
      }
    });
  }

  const busy = () => tracker.inFlight >= deps.maxInFlight;
  async function waitForCapacity(heartbeat: () => Promise<void>): Promise<void> {
    while (busy() && !stopping) {
      await Promise.race([new Promise<void>((resolve) => (capacityWaiter = resolve)), new Promise((r) => setTimeout(r, 1_000))]);
      // A full pipeline must not cost the member its partitions.
      await heartbeat();
    }
  }

  return {
    async start() {
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        log.error({ err: payload.error, restart: payload.restart }, "consumer crashed");
        if (!payload.restart) deps.onFatal(payload.error);
      });
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        const partitions = e.payload.memberAssignment[dispatchTopic] ?? [];
        assigned = partitions.length;
        // Revoked partitions start over from their committed offset with their next owner.
        tracker.retain(dispatchTopic, partitions);
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [dispatchTopic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 1,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          for (const message of batch.messages) {
            if (!isRunning() || isStale() || stopping || halted) break;
            await waitForCapacity(heartbeat);
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
      await chains.idle();
      if (commitTimer) clearTimeout(commitTimer);
      await commit();
      await consumer.disconnect();
      running = false;
    },
    isReady: () => running && !stopping && !halted && !infra.failing && deps.redis.status === "ready" && deps.guard.isIntact(),
    assignedPartitions: () => assigned,
  };
}
