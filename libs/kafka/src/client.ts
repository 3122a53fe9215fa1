import { Kafka, logLevel, type LogEntry, type SASLOptions } from "kafkajs";
import type { ConnectionOptions } from "node:tls";
import type { Logger } from "@sunseo/logger";
import { explainAccessFailure, isAccessFailureLog } from "./access-error.js";

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** TLS to the brokers (`{}`: verified by the system trust store); from @sunseo/config's kafkaConnection. */
  ssl?: ConnectionOptions | undefined;
  /** SASL credentials (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512); from @sunseo/config's kafkaConnection. */
  sasl?: SASLOptions | undefined;
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
export function createKafka({ brokers, clientId, logger, ssl, sasl, connectionTimeoutMs = 3_000, retries = 8 }: KafkaOptions): Kafka {
  const kafkaLogger = logger.child({ component: "kafkajs" });
  const kafka = new Kafka({
    clientId,
    brokers,
    ...(ssl && { ssl }),
    ...(sasl && { sasl }),
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
        // Refused credentials or certificates reach the caller as one KafkaAccessError;
        // kafkajs' line per attempt (with a stack) would bury it.
        if (isAccessFailureLog(message, extra.error)) return;
        const method = LEVEL[level as keyof typeof LEVEL] ?? "info";
        if (method !== "silent") kafkaLogger[method](extra, message);
      },
  });
  return explainingAccessFailures(kafka, sasl);
}

type Connectable = { connect(): Promise<void> };

/** Every client's connect() rejects with a KafkaAccessError naming the user or the certificate problem. */
function explainingAccessFailures(kafka: Kafka, sasl: SASLOptions | undefined): Kafka {
  const identity = sasl && "username" in sasl ? { mechanism: sasl.mechanism, username: sasl.username } : undefined;
  const explain = <C extends Connectable>(client: C): C => {
    const connect = client.connect.bind(client);
    client.connect = () => connect().catch((err: unknown) => Promise.reject(explainAccessFailure(err, identity)));
    return client;
  };
  const { admin, producer, consumer } = kafka;
  kafka.admin = (config) => explain(admin.call(kafka, config));
  kafka.producer = (config) => explain(producer.call(kafka, config));
  kafka.consumer = (config) => explain(consumer.call(kafka, config));
  return kafka;
}
