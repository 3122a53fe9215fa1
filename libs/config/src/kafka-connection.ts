import { z } from "zod";
import { brokersEnv } from "./env.js";
import { checkKafkaSecurity, kafkaSecurity, kafkaSecurityEnv, type KafkaSecurity, type KafkaSecurityConfig } from "./kafka-security.js";
import { loadConfig } from "./load-config.js";

/** Where the brokers are and how to reach them: the options every Kafka client is built with. */
export interface KafkaConnection extends KafkaSecurity {
  brokers: string[];
}

export const kafkaConnection = (config: KafkaSecurityConfig & { KAFKA_BROKERS: string[] }): KafkaConnection => ({
  brokers: config.KAFKA_BROKERS,
  ...kafkaSecurity(config),
});

/** Only the connection variables, for tools that have no config schema of their own (bench, demo, topics). */
export const kafkaConnectionSchema = z.object({ KAFKA_BROKERS: brokersEnv, ...kafkaSecurityEnv }).superRefine(checkKafkaSecurity);

export const readKafkaConnection = (env: Record<string, string | undefined> = process.env): KafkaConnection =>
  kafkaConnection(loadConfig(kafkaConnectionSchema, env));
