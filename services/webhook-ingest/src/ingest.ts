import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Kafka } from "kafkajs";
import { topicName, topics } from "@sunseo/contracts";
import type { Logger } from "@sunseo/logger";
import { createIngestApp } from "./app.js";
import type { Config } from "./config.js";
import { createIpFilter } from "./ip-filter.js";
import { startKafkaHealth, type KafkaHealth } from "./kafka-health.js";
import type { IngestMetrics } from "./metrics.js";
import { createReportWriter, type ReportWriter } from "./report-writer.js";
import { createSecretCheck } from "./secret.js";

export interface IngestDeps {
  kafka: Kafka;
  logger: Logger;
  metrics: IngestMetrics;
}

export interface Ingest {
  /** Connects to Kafka in the background and listens (PORT 0 = any free port). */
  start(): Promise<void>;
  /** Stops accepting, lets in-flight pushes finish, flushes to Kafka, disconnects. */
  stop(): Promise<void>;
  /** Kafka answers and the server is not shutting down. */
  ready(): boolean;
  /** The port listened on, once started. */
  port(): number;
}

export type IngestConfig = Pick<
  Config,
  | "PORT"
  | "HOST"
  | "SUNSEO_TOPIC_PREFIX"
  | "WEBHOOK_SECRET"
  | "WEBHOOK_ALLOWED_CIDRS"
  | "WEBHOOK_TRUSTED_PROXIES"
  | "WEBHOOK_BODY_LIMIT_BYTES"
  | "WEBHOOK_PRODUCE_TIMEOUT"
  | "WEBHOOK_BATCH_MAX"
  | "WEBHOOK_HEALTH_INTERVAL"
>;

/** The report endpoint: the Express app, the Kafka writer behind it, and the health probe /readyz reads. */
export function createIngest(config: IngestConfig, { kafka, logger, metrics }: IngestDeps): Ingest {
  let health: KafkaHealth | undefined;
  let writer: ReportWriter | undefined;
  let server: Server | undefined;
  let closed: Promise<void> | undefined;
  let closing = false;

  return {
    async start() {
      health = startKafkaHealth({ kafka, topic: topicName(config.SUNSEO_TOPIC_PREFIX, topics.report), intervalMs: config.WEBHOOK_HEALTH_INTERVAL, logger });
      const reports = createReportWriter({
        kafka,
        topicPrefix: config.SUNSEO_TOPIC_PREFIX,
        maxBatch: config.WEBHOOK_BATCH_MAX,
        timeoutMs: config.WEBHOOK_PRODUCE_TIMEOUT,
        metrics,
        health,
        logger,
      });
      writer = reports;
      const app = createIngestApp({
        storeReport: (report) => reports.store(report),
        ipFilter: createIpFilter(config.WEBHOOK_ALLOWED_CIDRS),
        checkSecret: createSecretCheck(config.WEBHOOK_SECRET),
        trustedProxies: config.WEBHOOK_TRUSTED_PROXIES,
        bodyLimitBytes: config.WEBHOOK_BODY_LIMIT_BYTES,
        metrics,
        logger,
        isClosing: () => closing,
      });
      const listening: Server = await new Promise((resolve, reject) => {
        const s = app.listen(config.PORT, config.HOST, (err?: Error) => (err ? reject(err) : resolve(s)));
      });
      server = listening;
      closed = new Promise<void>((resolve) => listening.once("close", () => resolve()));
    },
    async stop() {
      if (!server || !closed) return;
      if (closing) return closed;
      closing = true;
      server.close();
      server.closeIdleConnections();
      // Keep-alive clients that never send another request: cut them after a grace period.
      const listening = server;
      const force = setTimeout(() => listening.closeAllConnections(), 10_000);
      await closed;
      clearTimeout(force);
      await writer?.close();
      await health?.stop();
    },
    ready: () => !closing && (health?.isUp() ?? false),
    port: () => (server?.address() as AddressInfo | null)?.port ?? config.PORT,
  };
}
