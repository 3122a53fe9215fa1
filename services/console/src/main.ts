import { collectDefaultMetrics, Registry } from "prom-client";
import { kafkaConnection } from "@sunseo/config";
import { topicName, topics } from "@sunseo/contracts";
import { createKafka, verifyTopics } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";
import { createRedis } from "@sunseo/redis";
import { exitOnFatal, onShutdown, runMain, startOpsServer } from "@sunseo/runtime";
import { readConfig } from "./config.js";
import { createConsole } from "./console.js";
import { createConsoleMetrics } from "./metrics.js";

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ name: "console", level: config.LOG_LEVEL });
  const kafka = createKafka({ ...kafkaConnection(config), clientId: config.KAFKA_CLIENT_ID ?? "sunseo-console", logger });
  const prefix = config.SUNSEO_TOPIC_PREFIX;
  await verifyTopics(
    kafka,
    [topics.flowEvent, topics.dispatchResult, topics.alert, topics.dlq, topics.flowCancel, topics.dispatch].map((t) => topicName(prefix, t)),
  );
  const redis = createRedis({ url: config.REDIS_URL, logger });
  await redis.connect();
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const app = createConsole(config, { kafka, redis, logger, metrics: createConsoleMetrics(registry), onFatal: exitOnFatal(logger) });
  await app.start();
  const ops = await startOpsServer({ port: config.OPS_PORT, host: config.HOST, registry, isReady: app.ready });
  logger.info({ port: app.port(), opsPort: ops.port, auth: config.CONSOLE_AUTH }, "console started");

  onShutdown(logger, [() => ops.close(), () => app.stop(), async () => redis.quit()]);
}

runMain(main);
