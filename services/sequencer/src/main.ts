import { collectDefaultMetrics, Registry } from "prom-client";
import { kafkaConnection } from "@sunseo/config";
import { loadCatalog } from "@sunseo/flows";
import { createKafka } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";
import { createRedis } from "@sunseo/redis";
import { exitOnFatal, onShutdown, runMain, startOpsServer } from "@sunseo/runtime";
import { readConfig } from "./config.js";
import { createSequencerMetrics } from "./metrics.js";
import { createSequencer } from "./sequencer.js";

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ name: "sequencer", level: config.LOG_LEVEL });
  const catalog = loadCatalog(config.SUNSEO_FLOWS_FILE);
  logger.info({ flows: [...catalog.flows.keys()] }, "flow catalog loaded");

  const kafka = createKafka({ ...kafkaConnection(config), clientId: config.KAFKA_CLIENT_ID ?? "sunseo-sequencer", logger });
  const redis = createRedis({ url: config.REDIS_URL, logger });
  await redis.connect();
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = createSequencerMetrics(registry);

  const sequencer = createSequencer(config, { kafka, redis, catalog, logger, metrics, onFatal: exitOnFatal(logger) });
  await sequencer.start();
  const ops = await startOpsServer({ port: config.PORT, host: config.HOST, registry, isReady: sequencer.ready });
  logger.info({ port: ops.port }, "sequencer started");

  onShutdown(logger, [() => ops.close(), () => sequencer.stop(), () => redis.quit()]);
}

runMain(main);
