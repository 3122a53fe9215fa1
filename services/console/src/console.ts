import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Kafka } from "kafkajs";
import { readAlertStates } from "@sunseo/alert-state";
import { topicName, topics } from "@sunseo/contracts";
import { readDlq } from "@sunseo/dlq";
import { createFlowClientFor } from "@sunseo/flow-client";
import { createFlowStateReader } from "@sunseo/flow-state";
import { createSerialProducer, topicProducer } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import type { Redis } from "@sunseo/redis";
import { createConsoleApp } from "./app.js";
import { createAudit } from "./audit.js";
import type { Config } from "./config.js";
import type { AppDeps, AppSettings } from "./deps.js";
import { collectHealth } from "./health.js";
import { startIndexer, type Indexer } from "./index/indexer.js";
import { createIndexStore } from "./index/store.js";
import type { ConsoleMetrics } from "./metrics.js";
import { phoneRefs } from "./phone-ref.js";

export interface ConsoleDeps {
  kafka: Kafka;
  redis: Redis;
  logger: Logger;
  metrics?: ConsoleMetrics;
  onFatal(err: Error): void;
  now?: () => number;
}

export interface Console {
  start(): Promise<void>;
  /** Stops serving, then the indexer, then the producer. */
  stop(): Promise<void>;
  /** Serving, and the indexer is in its group. */
  ready(): boolean;
  port(): number;
}

/** The alerter's sink names (services/alerter createSinks): the alerts page shows a column for each. */
const ALERT_SINKS = ["discord", "slack"];

export function createConsole(config: Config, { kafka, redis, logger, metrics, onFatal, now = Date.now }: ConsoleDeps): Console {
  const producer = createSerialProducer(kafka);
  const out = topicProducer(producer, config.SUNSEO_TOPIC_PREFIX);
  const flowClient = createFlowClientFor(producer, { topicPrefix: config.SUNSEO_TOPIC_PREFIX });
  const reader = createFlowStateReader(redis, config.SUNSEO_REDIS_PREFIX);
  const index = createIndexStore(redis, config.SUNSEO_REDIS_PREFIX, config.CONSOLE_RETENTION);
  const dlqTopic = topicName(config.SUNSEO_TOPIC_PREFIX, topics.dlq);
  const admin = kafka.admin();

  const settings: AppSettings = {
    auth: config.CONSOLE_AUTH,
    authHeader: config.CONSOLE_AUTH_HEADER,
    users: config.CONSOLE_USERS,
    sessionSecret: config.CONSOLE_SESSION_SECRET,
    sessionTtlMs: config.CONSOLE_SESSION_TTL,
    secureCookie: config.CONSOLE_SECURE_COOKIE,
    topicPrefix: config.SUNSEO_TOPIC_PREFIX,
    dlqTopic,
    alertSinks: ALERT_SINKS,
    retentionMs: config.CONSOLE_RETENTION,
  };
  const deps: AppDeps = {
    reader,
    index,
    phoneRefs: phoneRefs(config.CONSOLE_SESSION_SECRET),
    audit: createAudit(logger, metrics),
    logger,
    cancelFlow: (input) => flowClient.cancelFlow(input),
    requestReport: (dispatch) => out.send(topics.dispatch, [{ key: dispatch.phone, value: dispatch }]),
    readDlq: () => readDlq(kafka, dlqTopic, { groupPrefix: `${config.CONSOLE_GROUP_ID}-dlq-reader`, idleTimeoutMs: 10_000 }),
    replay: (message) => producer.send([message]),
    alertStates: (ids) => readAlertStates(redis, config.SUNSEO_REDIS_PREFIX, ids, ALERT_SINKS),
    health: () => collectHealth({ admin, topicPrefix: config.SUNSEO_TOPIC_PREFIX, services: config.CONSOLE_SERVICES, groups: config.CONSOLE_LAG_GROUPS }),
    now,
  };
  const app = createConsoleApp(settings, deps, metrics);

  let server: Server | undefined;
  let indexer: Indexer | undefined;
  return {
    async start() {
      await producer.connect();
      await admin.connect();
      indexer = await startIndexer({ kafka, groupId: config.CONSOLE_GROUP_ID, topicPrefix: config.SUNSEO_TOPIC_PREFIX, store: index, reader, logger, onFatal });
      await new Promise<void>((resolve, reject) => {
        server = app.listen(config.PORT, config.HOST, (err?: Error) => (err ? reject(err) : resolve()));
      });
    },
    async stop() {
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server!.close(() => resolve()));
      }
      await indexer?.stop();
      await admin.disconnect();
      await producer.disconnect();
    },
    ready: () => server?.listening === true && indexer?.isJoined() === true,
    port: () => (server?.address() as AddressInfo | null)?.port ?? 0,
  };
}
