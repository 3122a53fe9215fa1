import { parseCatalog } from "@sunseo/flows";
import type { TestContext } from "@sunseo/testing";
import type { CliContext } from "./clients.js";
import { loadCliConfig } from "./config.js";

/** One flow of two steps, the variable `name` required: enough to start, refuse and follow flows. */
export const CATALOG = `
from: "02-1234-5678"
senderKey: test-sender-key
flows:
  onboarding:
    steps:
      - { name: one, template: T1, text: "#{name} 1", timeout: 10m }
      - { name: two, template: T2, text: "#{name} 2", timeout: 10m }
`;

/** The CLI pointed at a test's own topics and Redis keys, with the real clients of the test context. */
export function cliContextFor(ctx: TestContext): CliContext {
  const config = loadCliConfig({
    KAFKA_BROKERS: ctx.brokers.join(","),
    REDIS_URL: ctx.redisUrl,
    SUNSEO_TOPIC_PREFIX: ctx.topicPrefix,
    SUNSEO_REDIS_PREFIX: ctx.redisPrefix,
  });
  const catalog = parseCatalog(CATALOG, {});
  return { config, redis: async () => ctx.redis, kafka: () => ctx.kafka, catalog: () => catalog };
}
