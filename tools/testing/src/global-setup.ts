import type { TestProject } from "vitest/node";
import { down, up, type UpResult } from "@sunseo/infra";

/**
 * Brings up the real Kafka broker and Redis for the integration tests (KAFKA_BROKERS /
 * REDIS_URL when set, else docker-compose.yml through testcontainers or the local broker),
 * and afterwards stops only what it started. Tests read the endpoints with `inject("infra")`.
 */
let result: UpResult | undefined;

export async function setup(project: TestProject): Promise<void> {
  result = await up(process.env, (line) => console.log(`[infra] ${line}`));
  project.provide("infra", { brokers: result.state.kafka.brokers, redisUrl: result.state.redis.url });
}

export async function teardown(): Promise<void> {
  if (result && (result.started.kafka || result.started.redis)) {
    await down({ only: result.started }, (line) => console.log(`[infra] ${line}`));
  }
}
