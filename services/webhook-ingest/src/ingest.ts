import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Kafka } from "kafkajs";
import type { Registry } from "prom-client";
import { topicName, topics } from "@sunseo/contracts";
import { createSerialProducer } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import { createIngestApp } from "./app.js";
import { createBatcher } from "./batcher.js";
import type { Config } from "./config.js";
import { createIpFilter } from "./ip-filter.js";
import { startKafkaHealth } from "./kafka-health.js";
import { createIngestMetrics } from "./metrics.js";
import { createSecretCheck } from "./secret.js";

export interface IngestDeps {
  kafka: Kafka;
  logger: Logger;
  registry: Registry;
}

export interface Ingest {
  port: number;
  /** Kafka answers and the server is not shutting down. */
  isReady(): boolean;
  /** Stops accepting, lets in-flight pushes finish, flushes to Kafka, disconnects. */
  close(): Promise<void>;
}

type IngestConfig = Pick<
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

/** Wires the producer, batcher, health probe and Express app, and listens (PORT 0 = any free port). */
export async function startIngest(config: IngestConfig, { kafka, logger, registry }: IngestDeps): Promise<Ingest> {
  const reportTopic = topicName(config.SUNSEO_TOPIC_PREFIX, topics.report);
  const metrics = createIngestMetrics(registry);
  const health = startKafkaHealth({ kafka, topic: reportTopic, intervalMs: config.WEBHOOK_HEALTH_INTERVAL, logger });

  // Connected lazily and again after a failed connect, so the endpoint starts (not ready) while Kafka is down.
  const producer = createSerialProducer(kafka);
  let connecting: Promise<void> | undefined;
  const connect = () =>
    (connecting ??= producer.connect().catch((err: unknown) => {
      connecting = undefined;
      throw err;
    }));
  connect().catch((err: unknown) => logger.warn({ err: (err as Error).message }, "kafka producer not connected yet"));

  const batcher = createBatcher({
    maxBatch: config.WEBHOOK_BATCH_MAX,
    timeoutMs: config.WEBHOOK_PRODUCE_TIMEOUT,
    send: async (messages) => {
      await connect();
      await producer.send(messages);
    },
    onBatch({ size, seconds, ok, error }) {
      metrics.produceSeconds.observe({ outcome: ok ? "ok" : "error" }, seconds);
      metrics.batchSize.observe(size);
      health.record(ok);
      if (!ok) logger.warn({ size, err: (error as Error).message }, "produce failed; pushes answered 503");
    },
  });

  let closing = false;
  const app = createIngestApp({
    reportTopic,
    batcher,
    ipFilter: createIpFilter(config.WEBHOOK_ALLOWED_CIDRS),
    checkSecret: createSecretCheck(config.WEBHOOK_SECRET),
    trustedProxies: config.WEBHOOK_TRUSTED_PROXIES,
    bodyLimitBytes: config.WEBHOOK_BODY_LIMIT_BYTES,
    metrics,
    logger,
    isClosing: () => closing,
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const closed = new Promise<void>((resolve) => server.once("close", () => resolve()));

  return {
    port: (server.address() as AddressInfo).port,
    isReady: () => !closing && health.isUp(),
    async close() {
      if (closing) return closed;
      closing = true;
      server.close();
      server.closeIdleConnections();
      // Keep-alive clients that never send another request: cut them after a grace period.
      const force = setTimeout(() => server.closeAllConnections(), 10_000);
      await closed;
      clearTimeout(force);
      await batcher.drain();
      await producer.disconnect();
      await health.stop();
    },
  };
}
