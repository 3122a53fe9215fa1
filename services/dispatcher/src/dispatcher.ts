import type { Consumer, Kafka } from "kafkajs";
import type { BizppurioClient } from "@sunseo/bizppurio";
import { topicName, topics } from "@sunseo/contracts";
import { BatchingProducer, groupTimings, OffsetTracker, topicProducer, type SerialProducer } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import type { Redis, RedisGuard } from "@sunseo/redis";
import { SendLedger } from "@sunseo/send-ledger";
import { createCommandLanes } from "./command-lanes.js";
import { sendRetryPolicy, type Config } from "./config.js";
import { createInfraRetry } from "./infra-retry.js";
import type { DispatcherMetrics } from "./metrics.js";
import { createOffsetCommits } from "./offset-commits.js";
import { createCommandProcessor } from "./process-command.js";
import { createStoppableWait } from "./stoppable-wait.js";

export type DispatcherConfig = Pick<
  Config,
  | "SUNSEO_TOPIC_PREFIX"
  | "SUNSEO_REDIS_PREFIX"
  | "DISPATCHER_GROUP_ID"
  | "DISPATCHER_SESSION_TIMEOUT"
  | "BIZPPURIO_ACCOUNT"
  | "DISPATCH_INPLACE_ATTEMPTS"
  | "DISPATCH_DELAYED_RETRIES"
  | "DISPATCH_RETRY_BASE"
  | "DISPATCH_RETRY_MAX"
  | "DISPATCH_MAX_IN_FLIGHT"
  | "DISPATCH_LEDGER_TTL"
>;

export interface DispatcherDeps {
  kafka: Kafka;
  producer: SerialProducer;
  redis: Redis;
  guard: RedisGuard;
  client: BizppurioClient;
  logger: Logger;
  metrics: DispatcherMetrics;
  /** kafkajs gave up on the consumer (a non-retriable error): the process should exit and be restarted. */
  onFatal: (err: Error) => void;
}

export interface Dispatcher {
  start(): Promise<void>;
  /** Stops intake, lets running sends finish, commits, disconnects. */
  stop(): Promise<void>;
  /** Consuming, Redis reachable and intact, nothing failing. */
  ready(): boolean;
  /** Partitions of `dispatch` this member holds (for tests and tools). */
  assignedPartitions(): number;
}

/**
 * The dispatch consumer: fetches commands and hands them to per-phone lanes. Offsets are
 * committed only up to the oldest command whose result is not yet produced; a Redis or
 * Kafka outage under a command delays it (retried in place) but never strands its offset.
 */
export function createDispatcher(config: DispatcherConfig, deps: DispatcherDeps): Dispatcher {
  const { metrics, redis, guard } = deps;
  const log = deps.logger.child({ component: "dispatcher" });
  const dispatchTopic = topicName(config.SUNSEO_TOPIC_PREFIX, topics.dispatch);
  const consumer: Consumer = deps.kafka.consumer({
    groupId: config.DISPATCHER_GROUP_ID,
    maxWaitTimeInMs: 100,
    ...groupTimings(config.DISPATCHER_SESSION_TIMEOUT),
  });
  const tracker = new OffsetTracker();
  const commits = createOffsetCommits(consumer, tracker, log);
  const waits = createStoppableWait();
  const infra = createInfraRetry({
    isStopping: waits.isStopping,
    wait: waits.wait,
    onFailure: (what, err, attempt) => {
      metrics.infraRetries.inc({ call: what });
      if (attempt === 1 || attempt % 20 === 0) log.warn({ what, err: err.message, attempt }, "Redis or Kafka call failed; retrying in place");
    },
  });
  const processCommand = createCommandProcessor({
    dispatchTopic,
    out: topicProducer(new BatchingProducer(deps.producer), config.SUNSEO_TOPIC_PREFIX),
    handler: {
      client: deps.client,
      ledger: new SendLedger(redis, config.SUNSEO_REDIS_PREFIX, config.DISPATCH_LEDGER_TTL),
      account: config.BIZPPURIO_ACCOUNT,
      logger: log,
      metrics,
      retry: sendRetryPolicy(config),
      infra,
      verifyRedis: () => guard.verify(),
      wait: waits.wait,
    },
    infra,
    metrics,
    log,
  });
  let halted = false;
  let running = false;
  let assigned = 0;

  const lanes = createCommandLanes({
    dispatchTopic,
    tracker,
    commits,
    process: processCommand,
    waits,
    maxInFlight: config.DISPATCH_MAX_IN_FLIGHT,
    metrics,
    log,
    // Redis lost our data: sending anything more could send a step twice. Stop taking work and stay unready.
    onDataLoss(err) {
      if (halted) return;
      halted = true;
      consumer.pause([{ topic: dispatchTopic }]);
      log.fatal({ err: err.message }, "stopped dispatching: Redis lost its data (see README, Recovering from Redis data loss)");
    },
  });

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
            if (!isRunning() || isStale() || waits.isStopping() || halted) break;
            await lanes.waitForCapacity(heartbeat);
            if (waits.isStopping()) break;
            lanes.enqueue(batch.partition, message);
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
      waits.stop();
      await lanes.drain();
      await commits.flush();
      await consumer.disconnect();
      running = false;
    },
    ready: () => running && !waits.isStopping() && !halted && !infra.failing && redis.status === "ready" && guard.isIntact(),
    assignedPartitions: () => assigned,
  };
}
