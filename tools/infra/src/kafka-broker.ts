import { join } from "node:path";
import { assembleBroker, brokerJavaArgs, requireJavaAndMaven } from "./kafka-assembly.js";
import { writeBrokerConfig, type KafkaVoter } from "./kafka-config.js";
import { formatStorage } from "./kafka-storage.js";
import { ownedServer, type OwnedServer } from "./owned-server.js";
import { kafkaAnswers } from "./probe.js";

export interface KafkaBrokerOptions {
  port: number;
  controllerPort: number;
  /** The broker's log directory, formatted on first start and kept across stop/kill/start. */
  dataDir: string;
  /** Its logs, and the server.properties and log4j2.properties it runs with. */
  logsDir: string;
  nodeId?: number;
  /** Every controller of the cluster; alone, the node votes for itself. */
  voters?: readonly KafkaVoter[];
  /** Shared by every node of a cluster; a fresh one when omitted (or the one dataDir was formatted with). */
  clusterId?: string;
  /** More server.properties lines (see BrokerConfig). */
  extraProperties?: readonly string[];
  /** SCRAM users created when the data directory is formatted (see formatStorage). */
  scramCredentials?: readonly string[];
  log?: (line: string) => void;
}

export interface KafkaBroker extends OwnedServer {
  brokers: string[];
  clusterId: string;
}

/**
 * Starts a KRaft broker+controller the caller owns and may break, from the same assembled
 * jars as the shared broker (assembled first if missing). Does not wait for it to answer:
 * the nodes of a cluster must all be started before any of them can (see waitReady).
 */
export function startKafkaBroker({
  port,
  controllerPort,
  dataDir,
  logsDir,
  nodeId = 1,
  voters = [{ nodeId, controllerPort }],
  clusterId,
  extraProperties,
  scramCredentials,
  log = console.log,
}: KafkaBrokerOptions): KafkaBroker {
  requireJavaAndMaven();
  assembleBroker(log);
  const { configFile, log4jFile } = writeBrokerConfig(logsDir, logsDir, { nodeId, port, controllerPort, voters, dataDir, extraProperties });
  const formattedId = formatStorage({ configFile, dataDir, clusterId, scramCredentials });
  const brokers = [`127.0.0.1:${port}`];
  const server = ownedServer({
    name: `Kafka node ${nodeId} (:${port})`,
    command: "java",
    // A small heap: a campaign runs several brokers besides the shared one on 2 cores.
    args: brokerJavaArgs({ configFile, log4jFile, logsDir, heap: { initial: "256m", max: "512m" } }),
    cwd: logsDir,
    logFile: join(logsDir, "stdout.log"),
    moreLogs: [join(logsDir, "server.log")],
    answers: () => kafkaAnswers(brokers),
    readyTimeoutMs: 120_000,
    // A controlled shutdown moves leadership first; on a broken cluster it may never finish.
    stopTimeoutMs: 30_000,
  });
  return Object.assign(server, { brokers, clusterId: formattedId });
}
