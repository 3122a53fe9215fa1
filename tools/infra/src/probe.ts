import { connect } from "node:net";
import { createKafka } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";
import { Redis } from "ioredis";

/** True when something accepts TCP connections on host:port. */
export function portAnswers(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** True when a Kafka broker at these addresses answers a metadata request. */
export async function kafkaAnswers(brokers: string[]): Promise<boolean> {
  // Refused connections are the expected answer while waiting: not worth a log line.
  const logger = createLogger({ name: "infra-probe", level: "silent" });
  const admin = createKafka({ brokers, clientId: "sunseo-infra-probe", logger, retries: 0 }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** True when a Redis server at this URL answers PING. */
export async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  { timeoutMs, failFast }: { timeoutMs: number; failFast?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    const reason = failFast?.();
    if (reason) throw new Error(`${what} did not come up: ${reason}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} did not answer within ${timeoutMs / 1000}s`);
}
