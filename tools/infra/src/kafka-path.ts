import type { InfraState } from "./state.js";

/**
 * Without KAFKA_BROKERS, how `up` provides Kafka (and, with Docker, Redis too): the path a
 * previous `up` chose keeps being used (what it started is reused, not doubled); else Docker
 * when an engine answers; else the local broker. Docker is asked only when the answer matters.
 */
export async function chooseKafkaPath(previous: InfraState | undefined, dockerAnswers: () => Promise<boolean>): Promise<"docker" | "local"> {
  if (previous) return previous.kafka.mode === "docker" ? "docker" : "local";
  return (await dockerAnswers()) ? "docker" : "local";
}
