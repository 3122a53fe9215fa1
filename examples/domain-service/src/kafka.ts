import { Kafka, type KafkaConfig, type SASLOptions } from "kafkajs";

/**
 * Your service builds the kafkajs client; the flow client only uses it. Brokers, TLS and SASL
 * are configured here, once, as for any other kafkajs client of yours.
 */
export function kafkaFromEnv(env: NodeJS.ProcessEnv = process.env): Kafka {
  const config: KafkaConfig = {
    clientId: "signup-service",
    brokers: (env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(","),
  };
  // TLS to the brokers: `true` trusts the system CAs; pass { ca: [readFileSync(...)] } for a private CA.
  if (env.KAFKA_SSL === "true") config.ssl = true;
  if (env.KAFKA_SASL_USERNAME) {
    const sasl: SASLOptions = {
      mechanism: "scram-sha-512",
      username: env.KAFKA_SASL_USERNAME,
      password: env.KAFKA_SASL_PASSWORD ?? "",
    };
    config.sasl = sasl;
  }
  return new Kafka(config);
}
