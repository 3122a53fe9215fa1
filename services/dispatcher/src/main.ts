import { collectDefaultMetrics, Registry } from "prom-client";
import { kafkaConnection } from "@sunseo/config";
import { createBizppurioClient } from "@sunseo/bizppurio";
import { topicName, topics } from "@sunseo/contracts";
import { createKafka, createOffsetReader, createSerialProducer, hasCommittedOffsets, verifyTopics } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";
import { createRedis, guardRedis } from "@sunseo/redis";
import { exitOnFatal, GAUGE_INTERVAL_MS, onShutdown, recordLag, runMain, startOpsServer, startPeriodic } from "@sunseo/runtime";
import { readConfig } from "./config.js";
import { createDispatcher } from "./dispatcher.js";
import { createDispatcherMetrics } from "./metrics.js";

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ name: "dispatcher", level: config.LOG_LEVEL });
  const kafka = createKafka({ ...kafkaConnection(config), clientId: config.KAFKA_CLIENT_ID ?? "sunseo-dispatcher", logger });
  const prefix = config.SUNSEO_TOPIC_PREFIX;
  // What it reads and what it writes, in one check: all present, one partition count.
  await verifyTopics(
    kafka,
    [topics.dispatch, topics.dispatchResult, topics.dlq].map((t) => topicName(prefix, t)),
  );
  const redis = createRedis({ url: config.REDIS_URL, logger });
  await redis.connect();
  const guard = await guardRedis(redis, {
    prefix: config.SUNSEO_REDIS_PREFIX,
    hasHistory: () => hasCommittedOffsets(kafka, config.DISPATCHER_GROUP_ID, [topicName(prefix, topics.dispatch)]),
    logger,
  });
  const producer = createSerialProducer(kafka);
  await producer.connect();
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = createDispatcherMetrics(registry);
  const client = createBizppurioClient({
    baseUrl: config.BIZPPURIO_BASE_URL,
    account: config.BIZPPURIO_ACCOUNT,
    password: config.BIZPPURIO_PASSWORD,
    redis,
    keyPrefix: config.SUNSEO_REDIS_PREFIX,
    logger,
    requestTimeoutMs: config.BIZPPURIO_TIMEOUT,
    connectTimeoutMs: config.BIZPPURIO_CONNECT_TIMEOUT,
    ratePerSecond: config.BIZPPURIO_RATE_PER_SECOND,
    refreshAheadMs: config.BIZPPURIO_TOKEN_REFRESH_AHEAD,
    maxSockets: config.BIZPPURIO_MAX_SOCKETS,
    hooks: metrics.hooks,
  });

  const dispatcher = createDispatcher(config, { kafka, producer, redis, guard, client, logger, metrics, onFatal: exitOnFatal(logger) });
  await dispatcher.start();
  const offsets = createOffsetReader(kafka);
  const lag = startPeriodic(
    "consumer lag",
    GAUGE_INTERVAL_MS,
    async () => recordLag(metrics.consumerLag, await offsets.groupLag(config.DISPATCHER_GROUP_ID, [topicName(prefix, topics.dispatch)]), prefix),
    logger,
  );
  const ops = await startOpsServer({ port: config.PORT, host: config.HOST, registry, isReady: dispatcher.ready });
  logger.info({ port: ops.port, gateway: config.BIZPPURIO_BASE_URL }, "dispatcher started");

  onShutdown(logger, [
    () => ops.close(),
    () => lag.stop(),
    () => offsets.close(),
    () => dispatcher.stop(),
    async () => client.close(),
    () => producer.disconnect(),
    async () => guard.stop(),
    () => redis.quit(),
  ]);
}

runMain(main);
