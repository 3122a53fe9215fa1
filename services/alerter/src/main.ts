import { collectDefaultMetrics, Registry } from "prom-client";
import { kafkaConnection } from "@sunseo/config";
import { topicName, topics } from "@sunseo/contracts";
import { createKafka, hasCommittedOffsets, verifyTopics } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";
import { createRedis, guardRedis } from "@sunseo/redis";
import { exitOnFatal, onShutdown, runMain, startOpsServer } from "@sunseo/runtime";
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

  const alerter = createAlerter(config, { kafka, redis, guard, onFatal: exitOnFatal(logger), logger, metrics: createAlerterMetrics(registry) });
  await alerter.start();
  const ops = await startOpsServer({ port: config.PORT, host: config.HOST, registry, isReady: alerter.ready });
  logger.info({ port: ops.port }, "alerter started");

  onShutdown(logger, [() => ops.close(), () => alerter.stop(), async () => guard.stop(), () => redis.quit()]);
}

runMain(main);
