import type { Kafka } from "kafkajs";
import { toDlq, topicName, topics } from "@sunseo/contracts";
import { createSerialProducer, topicProducer } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import type { Redis, RedisGuard } from "@sunseo/redis";
import { startAlertConsumer, type AlertConsumer } from "./alert-consumer.js";
import { createBurstFolder } from "./burst.js";
import type { Config } from "./config.js";
import { createDedupe } from "./dedupe.js";
import { createAlertHandler, type DeadLetter, type Folded } from "./handler.js";
import { createLogSink } from "./log-sink.js";
import type { AlerterMetrics } from "./metrics.js";
import { createWebhookSink, type Sink } from "./sink.js";
import { createSinkDelivery } from "./sink-delivery.js";
import { createSleeper } from "./sleeper.js";
import { createSummarizer, type FlushOptions } from "./summary.js";

export interface AlerterDeps {
  kafka: Kafka;
  redis: Redis;
  /** Redis losing its dedupe marks would post old alerts again: the alerter turns unready. */
  guard: RedisGuard;
  /** kafkajs gave up on the consumer: the process should exit and be restarted. */
  onFatal: (err: Error) => void;
  logger: Logger;
  metrics: AlerterMetrics;
}

export interface Alerter {
  /** Connects the dlq producer and joins the alert group. */
  start(): Promise<void>;
  /** Drains the alert in hand, sends the final summary, commits, disconnects. */
  stop(): Promise<void>;
  /** In the group, Redis reachable and intact. */
  ready(): boolean;
}

export type AlerterConfig = Omit<Config, "LOG_LEVEL" | "KAFKA_BROKERS" | "KAFKA_CLIENT_ID" | "SUNSEO_PARTITIONS" | "REDIS_URL" | "PORT" | "HOST">;

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

/** A running delivery gets this long once stopping begins; then its request is aborted and its alert stays uncommitted. */
const DRAIN_MS = 5_000;
/**
 * The final summary's one try per sink. Drain, final flush, commit and disconnect together
 * stay well inside libs/runtime's 25 s shutdown grace; what is not delivered by then is left
 * uncommitted, and the next member delivers it.
 */
const FINAL_FLUSH_MS = 10_000;

/**
 * Consumes `alert` and posts to the configured sinks; folded alerts are summarised once per
 * window. An alert's offset is committed only once a sink or the dlq has it.
 */
export function createAlerter(config: AlerterConfig, { kafka, redis, guard, onFatal, logger, metrics }: AlerterDeps): Alerter {
  const producer = createSerialProducer(kafka);
  const out = topicProducer(producer, config.SUNSEO_TOPIC_PREFIX);
  const sinks = createSinks(config, logger);
  const dedupe = createDedupe(redis, config.SUNSEO_REDIS_PREFIX, config.ALERT_DEDUPE_TTL);
  const folder = createBurstFolder<Folded>({ limit: config.ALERT_BURST_LIMIT, windowMs: config.ALERT_BURST_WINDOW });
  const send = createSinkDelivery({
    dedupe,
    policy: { attempts: config.ALERT_MAX_ATTEMPTS, baseMs: config.ALERT_RETRY_BASE, maxMs: config.ALERT_MAX_RETRY_WAIT },
    cooldownMs: config.ALERT_SINK_COOLDOWN,
    metrics,
    logger,
  });
  const deadLetter: DeadLetter = (record, code, reason) =>
    out.send(topics.dlq, [{ key: record.key ?? "", value: toDlq("alerter", record, { code, reason }, Date.now()) }]);
  const links = config.CONSOLE_BASE_URL ? { consoleBaseUrl: config.CONSOLE_BASE_URL } : {};
  const handler = createAlertHandler({ sinks, dedupe, folder, send, deadLetter, metrics, logger, ...links });
  const summarizer = createSummarizer({ sinks, dedupe, folder, send, deadLetter, windowMs: config.ALERT_BURST_WINDOW, metrics, logger, ...links });
  const sleeper = createSleeper();
  const draining = new AbortController();
  let intake: AlertConsumer | undefined;
  let timer: NodeJS.Timeout | undefined;

  // One summary at a time: one still being sent delays the next.
  let summarising: Promise<void> = Promise.resolve();
  const summarise = (options: FlushOptions) =>
    (summarising = summarising
      .then(() => summarizer.flush(options))
      .then((settled) => intake?.settle(settled))
      .catch((err: unknown) => logger.error({ err: (err as Error).message }, "summary could not be sent or dead-lettered")));

  return {
    async start() {
      await producer.connect();
      intake = await startAlertConsumer({
        kafka,
        groupId: config.ALERTER_GROUP_ID,
        sessionTimeoutMs: config.ALERTER_SESSION_TIMEOUT,
        topic: topicName(config.SUNSEO_TOPIC_PREFIX, topics.alert),
        handle: (record, heartbeat) => handler.handle(record, { sleep: sleeper.sleep(heartbeat), signal: draining.signal }),
        onRejoin: () => summarizer.forget(),
        onFatal,
        logger,
      });
      timer = setInterval(() => void summarise({ final: false, sleep: sleeper.sleep(), signal: draining.signal }), config.ALERT_BURST_WINDOW);
    },
    ready: () => (intake?.isJoined() ?? false) && redis.status === "ready" && guard.isIntact(),
    async stop() {
      if (!intake) return;
      clearInterval(timer);
      sleeper.stop();
      const drainTimer = setTimeout(() => draining.abort(), DRAIN_MS);
      await intake.stopIntake(DRAIN_MS);
      await summarising;
      clearTimeout(drainTimer);
      // Alerts folded but not yet summarised get one try now rather than waiting for a window that never comes.
      await summarise({ final: true, sleep: sleeper.sleep(), signal: AbortSignal.timeout(FINAL_FLUSH_MS) });
      await intake.close();
      await producer.disconnect();
    },
  };
}
