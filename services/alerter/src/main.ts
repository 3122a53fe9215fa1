import { collectDefaultMetrics, Registry } from "prom-client";
import { kafkaConnection } from "@sunseo/config";
import { topicName, topics } from "@sunseo/contracts";
import { createKafka, createOffsetReader, hasCommittedOffsets, verifyTopics } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";
import { createRedis, guardRedis } from "@sunseo/redis";
import { exitOnFatal, GAUGE_INTERVAL_MS, onShutdown, recordLag, runMain, startOpsServer, startPeriodic } from "@sunseo/runtime";
import { createAlerter } from "./alerter.js";
import { readConfig } from "./config.js";
import { createAlerterMetrics } from "./metrics.js";

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ name: "alerter", level: config.LOG_LEVEL });
  const kafka = createKafka({ ...kafkaConnection(config), clientId: config.KAFKA_CLIENT_ID ?? "sunseo-alerter", logger });
  // Checked one by one: alert and dlq need to exist, not to be co-partitioned.
  for (const topic of [topics.alert, topics.dlq]) await verifyTopics(kafka, [topicName(config.SUNSEO_TOPIC_PREFIX, topic)]);
  const redis = createRedis({ url: config.REDIS_URL, logger });
  await redis.connect();
  const guard = await guardRedis(redis, {
    prefix: config.SUNSEO_REDIS_PREFIX,
    hasHistory: () => hasCommittedOffsets(kafka, config.ALERTER_GROUP_ID, [topicName(config.SUNSEO_TOPIC_PREFIX, topics.alert)]),
    logger,
  });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = createAlerterMetrics(registry);

  const alerter = createAlerter(config, { kafka, redis, guard, onFatal: exitOnFatal(logger), logger, metrics });
  await alerter.start();
  // The dlq's depth is read here, by the service whose job is making failures visible.
  const prefix = config.SUNSEO_TOPIC_PREFIX;
  const offsets = createOffsetReader(kafka);
  const gauges = startPeriodic(
    "alerter gauges",
    GAUGE_INTERVAL_MS,
    async () => {
      recordLag(metrics.consumerLag, await offsets.groupLag(config.ALERTER_GROUP_ID, [topicName(prefix, topics.alert)]), prefix);
      metrics.dlqRecords.set(await offsets.topicRecords(topicName(prefix, topics.dlq)));
    },
    logger,
  );
  const ops = await startOpsServer({ port: config.PORT, host: config.HOST, registry, isReady: alerter.ready });
  logger.info({ port: ops.port }, "alerter started");

  onShutdown(logger, [() => ops.close(), () => gauges.stop(), () => offsets.close(), () => alerter.stop(), async () => guard.stop(), () => redis.quit()]);
}

runMain(main);
