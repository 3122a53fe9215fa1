import { collectDefaultMetrics, Registry } from "prom-client";
import { kafkaConnection } from "@sunseo/config";
import { topicName, topics } from "@sunseo/contracts";
import { createKafka, verifyTopics } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";
import { onShutdown, runMain, startOpsServer } from "@sunseo/runtime";
import { readConfig } from "./config.js";
import { createIngest } from "./ingest.js";
import { createIngestMetrics } from "./metrics.js";

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ name: "webhook-ingest", level: config.LOG_LEVEL });
  const kafka = createKafka({ ...kafkaConnection(config), clientId: config.KAFKA_CLIENT_ID ?? "sunseo-webhook-ingest", logger });
  await verifyTopics(kafka, [topicName(config.SUNSEO_TOPIC_PREFIX, topics.report)]);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const ingest = createIngest(config, { kafka, logger, metrics: createIngestMetrics(registry) });
  await ingest.start();
  const ops = await startOpsServer({ port: config.OPS_PORT, host: config.HOST, registry, isReady: ingest.ready });
  logger.info({ port: ingest.port(), opsPort: ops.port }, "webhook-ingest started");

  onShutdown(logger, [() => ops.close(), () => ingest.stop()]);
}

runMain(main);
