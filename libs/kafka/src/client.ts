import { Kafka, logLevel, type LogEntry } from "kafkajs";
import type { Logger } from "@sunseo/logger";

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** Fail fast in tools and tests; services keep the kafkajs default of retrying. */
  connectionTimeoutMs?: number;
  retries?: number;
}

const LEVEL = {
  [logLevel.ERROR]: "error",
  [logLevel.WARN]: "warn",
  [logLevel.INFO]: "info",
  [logLevel.DEBUG]: "debug",
  [logLevel.NOTHING]: "silent",
} as const;

/** One place that builds kafkajs clients, so its logs flow through our masking logger. */
export function createKafka({ brokers, clientId, logger, connectionTimeoutMs = 3_000, retries = 8 }: KafkaOptions): Kafka {
  const kafkaLogger = logger.child({ component: "kafkajs" });
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: connectionTimeoutMs,
    // kafkajs waits up to 30 s between retries by default: after a broker comes back, a
    // produce or a fetch would sleep through half a minute of it. Our callers retry on their
    // own (answer 503, retry the batch in place), so kafkajs' waits stay short.
    retry: { retries, initialRetryTime: 100, maxRetryTime: 2_000 },
    // kafkajs INFO is chatty (every join/leave); WARN and above are what an operator acts on.
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        // Our producers bound their retries on purpose (a caller must learn of an outage and
        // answer 503 or retry the batch), so kafkajs' warning about it is not news.
        if (message.startsWith("Limiting retries for the idempotent producer")) return;
        const method = LEVEL[level as keyof typeof LEVEL] ?? "info";
        if (method !== "silent") kafkaLogger[method](extra, message);
      },
  });
}
