import { loadCatalog } from "@sunseo/flows";
import { createKafka } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";
import { createRedis } from "@sunseo/redis";
import { exitOnFatal, onShutdown, runMain, startOpsServer } from "@sunseo/runtime";
import { readConfig } from "./config.js";
import { startSequencer } from "./sequencer.js";

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ name: "sequencer", level: config.LOG_LEVEL });
  const catalog = loadCatalog(config.SUNSEO_FLOWS_FILE);
  logger.info({ flows: [...catalog.flows.keys()] }, "flow catalog loaded");

  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID ?? "sunseo-sequencer", logger });
  const redis = createRedis({ url: config.REDIS_URL, logger });
  await redis.connect();

  const sequencer = await startSequencer({
    kafka,
    redis,
    catalog,
    topicPrefix: config.SUNSEO_TOPIC_PREFIX,
    redisPrefix: config.SUNSEO_REDIS_PREFIX,
    groupId: config.SEQUENCER_GROUP_ID,
    retentionMs: config.SUNSEO_RETENTION,
    reportGraceMs: config.SEQUENCER_REPORT_GRACE,
    reportRequests: config.SEQUENCER_REPORT_REQUESTS,
    timerPollMs: config.SEQUENCER_TIMER_POLL,
    concurrency: config.SEQUENCER_CONCURRENCY,
    sessionTimeoutMs: config.SEQUENCER_SESSION_TIMEOUT,
    logger,
    onFatal: exitOnFatal(logger),
  });
  const ops = await startOpsServer({ port: config.PORT, host: config.HOST, registry: sequencer.metrics.registry, isReady: sequencer.isReady });
  logger.info({ port: ops.port }, "sequencer started");

  onShutdown(logger, [() => ops.close(), () => sequencer.stop(), () => redis.quit()]);
}

runMain(main);
