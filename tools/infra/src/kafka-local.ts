/** The shared infra's broker (`npm run infra:up`): one node in .local/kafka, outliving the command that started it. */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { brokerJavaArgs, kafkaDir, KAFKA_VERSION } from "./kafka-assembly.js";
import { writeBrokerConfig } from "./kafka-config.js";
import { formatStorage } from "./kafka-storage.js";
import { logTail } from "./log-tail.js";
import { isAlive, spawnDetached } from "./process.js";

// Per version: a broker never opens a log directory another version formatted.
const dataDir = join(kafkaDir, KAFKA_VERSION, "data");
const logsDir = join(kafkaDir, "logs");

export interface LocalKafkaPorts {
  port: number;
  controllerPort: number;
}

/** Starts the broker in the background; returns its pid. */
export function startLocalKafka({ port, controllerPort }: LocalKafkaPorts): number {
  const { configFile, log4jFile } = writeBrokerConfig(kafkaDir, logsDir, { nodeId: 1, port, controllerPort, voters: [{ nodeId: 1, controllerPort }], dataDir });
  formatStorage({ configFile, dataDir });
  return spawnDetached(
    "java",
    brokerJavaArgs({ configFile, log4jFile, logsDir, heap: { initial: "384m", max: "768m" } }),
    join(logsDir, "stdout.log"),
    kafkaDir,
  );
}

/** Why a starting broker died, for the error message. */
export function brokerDeathReason(pid: number): string | undefined {
  if (isAlive(pid)) return undefined;
  return `the broker process exited; last lines of .local/kafka/logs:\n${logTail(join(logsDir, "stdout.log"))}\n${logTail(join(logsDir, "server.log"))}`;
}

/** Forgets the broker's data (topics, offsets): the next start formats a fresh log. */
export function purgeKafkaData(): void {
  rmSync(dataDir, { recursive: true, force: true });
}
