#!/usr/bin/env node
import { down, status, up } from "./infra.js";
import { provisionTopics } from "./topics.js";
import { readState } from "./state.js";
import { readKafkaConnection } from "@sunseo/config";
import { DEFAULT_TOPIC_PREFIX } from "@sunseo/contracts";
import { loadConfig, topicsEnvSchema } from "@sunseo/config";
import { SINGLE_BROKER } from "@sunseo/kafka";

const usage = "usage: infra up | down [--purge] | status | topics";

/**
 * The cluster defaults (3 replicas, min.insync.replicas 2) unless set; the one exception is the
 * single broker infra:up starts itself (KAFKA_BROKERS unset), which has no second copy to keep.
 */
const topicSettings = () => {
  const env = loadConfig(topicsEnvSchema, process.env);
  const replicasSet = process.env.SUNSEO_TOPIC_REPLICATION_FACTOR !== undefined || process.env.SUNSEO_TOPIC_MIN_ISR !== undefined;
  const localBroker = process.env.KAFKA_BROKERS === undefined;
  return {
    prefix: process.env.SUNSEO_TOPIC_PREFIX ?? DEFAULT_TOPIC_PREFIX,
    partitions: Number(process.env.SUNSEO_PARTITIONS ?? 12),
    ...(localBroker && !replicasSet ? SINGLE_BROKER : { replicationFactor: env.SUNSEO_TOPIC_REPLICATION_FACTOR, minInsyncReplicas: env.SUNSEO_TOPIC_MIN_ISR }),
    retentionMs: env.SUNSEO_TOPIC_RETENTION,
  };
};

/** The broker `infra:up` started or found, plaintext on loopback. */
function brokersOnRecord(): { brokers: string[] } | undefined {
  const state = readState();
  return state && { brokers: state.kafka.brokers };
}

async function main(command: string | undefined, flags: string[]): Promise<number> {
  switch (command) {
    case "up": {
      const { state } = await up();
      await provisionTopics({ brokers: state.kafka.brokers, ...topicSettings() });
      console.log(`\nexport KAFKA_BROKERS=${state.kafka.brokers.join(",")} REDIS_URL=${state.redis.url}`);
      return 0;
    }
    case "down":
      await down({ purge: flags.includes("--purge") });
      return 0;
    case "status":
      return (await status()) ? 0 : 1;
    case "topics": {
      // A real cluster is named by KAFKA_BROKERS with its TLS/SASL variables, as the services read them.
      const connection = process.env.KAFKA_BROKERS ? readKafkaConnection(process.env) : brokersOnRecord();
      if (!connection) throw new Error("no broker known: run npm run infra:up or set KAFKA_BROKERS");
      await provisionTopics({ ...connection, ...topicSettings() });
      return 0;
    }
    default:
      console.error(usage);
      return 2;
  }
}

main(process.argv[2], process.argv.slice(3)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`infra: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
