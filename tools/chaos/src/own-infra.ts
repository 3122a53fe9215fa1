import { join } from "node:path";
import { freePort, provisionTopics, SINGLE_BROKER, startKafkaBroker, startRedisServer, type KafkaBroker, type RedisServer } from "@sunseo/infra";

export type RedisMode = "aof-always" | "none";

export interface OwnInfra {
  broker: KafkaBroker;
  redis: RedisServer;
  stop(): Promise<void>;
}

/**
 * A Kafka broker and a Redis of the campaign's own, on free ports with their data under the
 * run's directory: the campaign stops, kills and restarts them, and the shared ones on
 * 9092/6379 (other people's tests) are never touched.
 */
export async function startOwnInfra({
  runDir,
  redisMode,
  topicPrefix,
  log,
}: {
  runDir: string;
  redisMode: RedisMode;
  topicPrefix: string;
  log: (line: string) => void;
}): Promise<OwnInfra> {
  // Asked for together, so the kernel hands out three different ports.
  const [port, controllerPort, redisPort] = (await Promise.all([freePort(), freePort(), freePort()])) as [number, number, number];
  const broker = startKafkaBroker({ port, controllerPort, dataDir: join(runDir, "kafka", "data"), logsDir: join(runDir, "kafka", "logs"), log });
  const redis = startRedisServer({ port: redisPort, dir: join(runDir, "redis"), persistence: redisMode });
  const stop = async () => {
    await Promise.all([broker.stop(), redis.stop()]);
  };
  try {
    await Promise.all([broker.waitReady(), redis.waitReady()]);
    await provisionTopics({ brokers: broker.brokers, prefix: topicPrefix, partitions: 12, ...SINGLE_BROKER }, log);
  } catch (err) {
    await stop();
    throw err;
  }
  log(
    `own Kafka broker on ${broker.brokers.join(",")}, own Redis on ${redis.url} (${redisMode === "aof-always" ? "AOF, appendfsync always" : "no persistence"})`,
  );
  return { broker, redis, stop };
}
