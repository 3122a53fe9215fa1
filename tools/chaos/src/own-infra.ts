import { join } from "node:path";
import { freePort, newClusterId, provisionTopics, SINGLE_BROKER, startKafkaBroker, startRedisServer, type KafkaBroker, type RedisServer } from "@sunseo/infra";

export type RedisMode = "aof-always" | "none";

export interface OwnInfra {
  /** The first node: the whole cluster when there is one node. */
  broker: KafkaBroker;
  /** Every node, node id i + 1 at index i. */
  nodes: KafkaBroker[];
  /** Every node's address, the bootstrap list the stack gets. */
  brokers: string[];
  redis: RedisServer;
  stop(): Promise<void>;
}

/** A cluster's topics as the README asks for them: three copies, writes go on with one broker down. */
const CLUSTER_TOPICS = { replicationFactor: 3, minInsyncReplicas: 2 } as const;

/**
 * A Kafka broker (or a cluster of combined broker+controller nodes) and a Redis of the
 * campaign's own, on free ports with their data under the run's directory: the campaign
 * stops, kills and restarts them, and the shared ones on 9092/6379 (other people's tests)
 * are never touched.
 */
export async function startOwnInfra({
  runDir,
  redisMode,
  topicPrefix,
  kafkaNodes = 1,
  log,
}: {
  runDir: string;
  redisMode: RedisMode;
  topicPrefix: string;
  kafkaNodes?: 1 | 3;
  log: (line: string) => void;
}): Promise<OwnInfra> {
  // Asked for together, so the kernel hands out different ports.
  const ports = await Promise.all(Array.from({ length: 2 * kafkaNodes + 1 }, freePort));
  const redisPort = ports.pop()!;
  const voters = Array.from({ length: kafkaNodes }, (_, i) => ({ nodeId: i + 1, controllerPort: ports[2 * i + 1]! }));
  const clusterId = newClusterId();
  const nodes = voters.map(({ nodeId, controllerPort }, i) => {
    const dir = kafkaNodes === 1 ? join(runDir, "kafka") : join(runDir, `kafka-${nodeId}`);
    return startKafkaBroker({ port: ports[2 * i]!, controllerPort, nodeId, voters, clusterId, dataDir: join(dir, "data"), logsDir: join(dir, "logs"), log });
  });
  const brokers = nodes.flatMap((n) => n.brokers);
  const redis = startRedisServer({ port: redisPort, dir: join(runDir, "redis"), persistence: redisMode });
  const stop = async () => {
    await Promise.all([...nodes.map((n) => n.stop()), redis.stop()]);
  };
  try {
    await Promise.all([...nodes.map((n) => n.waitReady()), redis.waitReady()]);
    const replicas = kafkaNodes === 1 ? SINGLE_BROKER : CLUSTER_TOPICS;
    await provisionTopics({ brokers, prefix: topicPrefix, partitions: 12, ...replicas }, log);
  } catch (err) {
    await stop();
    throw err;
  }
  log(
    `own Kafka ${kafkaNodes === 1 ? "broker" : `cluster of ${kafkaNodes} nodes`} on ${brokers.join(",")}, own Redis on ${redis.url} (${redisMode === "aof-always" ? "AOF, appendfsync always" : "no persistence"})`,
  );
  return { broker: nodes[0]!, nodes, brokers, redis, stop };
}
