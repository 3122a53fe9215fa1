import { randomUUID } from "node:crypto";
import type { Admin, Kafka } from "kafkajs";
import { inject } from "vitest";
import { createKafka, ensureTopics } from "@sunseo/kafka";
import { createLogger, type Logger } from "@sunseo/logger";
import { createRedis, type Redis } from "@sunseo/redis";

export interface TestContext {
  brokers: string[];
  redisUrl: string;
  /** Unique per test context: topic names and Redis keys start with it, so tests never see each other's data. */
  id: string;
  topicPrefix: string;
  redisPrefix: string;
  logger: Logger;
  kafka: Kafka;
  admin: Admin;
  redis: Redis;
  createTopics(bases: readonly string[], partitions?: number): Promise<string[]>;
  /** Deletes this context's topics and Redis keys and closes the clients. */
  cleanup(): Promise<void>;
}

export async function testContext(label: string): Promise<TestContext> {
  const { brokers, redisUrl } = inject("infra");
  const id = `${label}-${randomUUID().slice(0, 8)}`;
  const topicPrefix = `test.${id}.`;
  const redisPrefix = `test:${id}:`;
  const logger = createLogger({ name: `test-${label}`, level: (process.env.TEST_LOG_LEVEL as "info" | undefined) ?? "fatal" });
  const kafka = createKafka({ brokers, clientId: `test-${id}`, logger });
  const admin = kafka.admin();
  await admin.connect();
  const redis = createRedis({ url: redisUrl, logger });
  await redis.connect();
  const created: string[] = [];

  return {
    brokers,
    redisUrl,
    id,
    topicPrefix,
    redisPrefix,
    logger,
    kafka,
    admin,
    redis,
    async createTopics(bases, partitions = 12) {
      const names = bases.map((base) => `${topicPrefix}${base}`);
      await ensureTopics(admin, names, { partitions });
      created.push(...names);
      return names;
    },
    async cleanup() {
      if (created.length > 0) await admin.deleteTopics({ topics: created }).catch(() => undefined);
      await admin.disconnect();
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${redisPrefix}*`, "COUNT", 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== "0");
      redis.disconnect();
    },
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    /** Set by global-setup.ts: where the real broker and Redis answer. */
    infra: { brokers: string[]; redisUrl: string };
  }
}
