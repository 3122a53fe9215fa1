import type { Kafka } from "kafkajs";
import { createKafka } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import { createRedis, type Redis } from "@sunseo/redis";
import type { CliConfig } from "./config.js";
import { CliError } from "./errors.js";

/** What a command may use. Clients are made on first use, so `topics check` never dials Redis. */
export interface CliContext {
  config: CliConfig;
  redis(): Promise<Redis>;
  kafka(): Kafka;
}

export function createClients(config: CliConfig, logger: Logger): CliContext & { close(): Promise<void> } {
  let redis: Redis | undefined;
  let kafka: Kafka | undefined;
  return {
    config,
    async redis() {
      if (redis === undefined) {
        redis = createRedis({ url: config.REDIS_URL, logger, connectTimeoutMs: 3_000 });
        try {
          await redis.connect();
        } catch (err) {
          // ioredis only says "Connection is closed": name what could not be reached.
          throw new CliError(`cannot reach Redis at ${config.REDIS_URL.replace(/\/\/[^@/]*@/, "//***@")}: ${(err as Error).message}`, 1);
        }
      }
      return redis;
    },
    kafka() {
      // A tool fails fast: a few retries, then the operator sees the error.
      kafka ??= createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID ?? "sunseo-cli", logger, retries: 2 });
      return kafka;
    },
    async close() {
      redis?.disconnect();
    },
  };
}
