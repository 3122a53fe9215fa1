import type { Kafka } from "kafkajs";
import type { Registry } from "prom-client";
import { topicName, topics } from "@sunseo/contracts";
import { createSerialProducer } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import type { Redis } from "@sunseo/redis";
import { createBurstFolder } from "./burst.js";
import type { Config } from "./config.js";
import { createDedupe } from "./dedupe.js";
import { createAlertHandler, type Sleep } from "./handler.js";
import { createLogSink } from "./log-sink.js";
import { createAlerterMetrics } from "./metrics.js";
import { createWebhookSink, type Sink } from "./sink.js";

export interface AlerterDeps {
  kafka: Kafka;
  redis: Redis;
  logger: Logger;
  registry: Registry;
}

export interface Alerter {
  isReady(): boolean;
  close(): Promise<void>;
}

type AlerterConfig = Omit<Config, "LOG_LEVEL" | "KAFKA_BROKERS" | "KAFKA_CLIENT_ID" | "SUNSEO_PARTITIONS" | "REDIS_URL" | "PORT" | "HOST">;

export function createSinks(config: Pick<Config, "DISCORD_WEBHOOK_URL" | "SLACK_WEBHOOK_URL" | "ALERT_HTTP_TIMEOUT">, logger: Logger): Sink[] {
  const options = { timeoutMs: config.ALERT_HTTP_TIMEOUT };
  const sinks = [
    ...(config.DISCORD_WEBHOOK_URL ? [createWebhookSink("discord", config.DISCORD_WEBHOOK_URL, options)] : []),
    ...(config.SLACK_WEBHOOK_URL ? [createWebhookSink("slack", config.SLACK_WEBHOOK_URL, options)] : []),
  ];
  if (sinks.length > 0) return sinks;
  logger.warn("no DISCORD_WEBHOOK_URL or SLACK_WEBHOOK_URL: alerts are only logged");
  return [createLogSink(logger)];
}

/** Waits in slices, heartbeating the consumer group, so a long Retry-After does not cost the partition. */
const sleepWith =
  (heartbeat: () => Promise<void>): Sleep =>
  async (ms) => {
    for (let left = ms; left > 0; left -= 3_000) {
      await new Promise((r) => setTimeout(r, Math.min(left, 3_000)));
      await heartbeat();
    }
  };

/** Consumes `alert` and posts to the configured sinks; folded alerts are summarised once per window. */
export async function startAlerter(config: AlerterConfig, { kafka, redis, logger, registry }: AlerterDeps): Promise<Alerter> {
  const metrics = createAlerterMetrics(registry);
  const producer = createSerialProducer(kafka);
  await producer.connect();
  const dlqTopic = topicName(config.SUNSEO_TOPIC_PREFIX, topics.dlq);
  const handler = createAlertHandler({
    sinks: createSinks(config, logger),
    dedupe: createDedupe(redis, config.SUNSEO_REDIS_PREFIX, config.ALERT_DEDUPE_TTL),
    folder: createBurstFolder({ limit: config.ALERT_BURST_LIMIT, windowMs: config.ALERT_BURST_WINDOW }),
    policy: { maxAttempts: config.ALERT_MAX_ATTEMPTS, baseDelayMs: config.ALERT_RETRY_BASE, maxWaitMs: config.ALERT_MAX_RETRY_WAIT },
    cooldownMs: config.ALERT_SINK_COOLDOWN,
    windowMs: config.ALERT_BURST_WINDOW,
    toDlq: (record) => producer.send([{ topic: dlqTopic, key: record.key ?? "", value: record }]),
    metrics,
    logger,
  });

  const consumer = kafka.consumer({ groupId: config.ALERTER_GROUP_ID });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  consumer.on(consumer.events.CRASH, () => (joined = false));
  await consumer.connect();
  await consumer.subscribe({ topic: topicName(config.SUNSEO_TOPIC_PREFIX, topics.alert), fromBeginning: true });
  await consumer.run({
    eachMessage: ({ topic, partition, message, heartbeat }) =>
      handler.handle(
        { topic, partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value?.toString() ?? null },
        sleepWith(heartbeat),
      ),
  });

  // One summary per window at most; a summary still being sent delays the next one.
  let summarising: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    summarising = summarising
      .then(() => handler.flushSummary((ms) => new Promise((r) => setTimeout(r, ms))))
      .catch((err: unknown) => logger.error({ err: (err as Error).message }, "summary could not be sent or dead-lettered"));
  }, config.ALERT_BURST_WINDOW);

  return {
    isReady: () => joined && redis.status === "ready",
    async close() {
      clearInterval(timer);
      await consumer.disconnect();
      // Alerts folded but not yet summarised go out now rather than waiting for a window that never comes.
      await summarising;
      await handler.flushSummary(async () => undefined).catch((err: unknown) => logger.error({ err: (err as Error).message }, "final summary failed"));
      await producer.disconnect();
    },
  };
}
