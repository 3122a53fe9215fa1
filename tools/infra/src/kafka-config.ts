import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** One KRaft controller of the cluster, on loopback. */
export interface KafkaVoter {
  nodeId: number;
  controllerPort: number;
}

/** One combined broker+controller; a cluster is several of these sharing one voters list. */
export interface BrokerConfig {
  nodeId: number;
  port: number;
  controllerPort: number;
  /** Every controller of the cluster, this node included. */
  voters: readonly KafkaVoter[];
  /** The broker's log directory (log.dirs), absolute. */
  dataDir: string;
  /** Lines appended to server.properties; a key given again wins over the default above (a test's SASL_SSL listener). */
  extraProperties?: readonly string[];
}

/** server.properties of one node; internal topics get as many replicas as there are nodes (up to 3). */
export function brokerProperties({ nodeId, port, controllerPort, voters, dataDir, extraProperties = [] }: BrokerConfig): string {
  const replicas = Math.min(3, voters.length);
  // One replica down must not stop producing with acks=all; a single node has only itself.
  const minIsr = replicas >= 3 ? 2 : 1;
  return [
    "process.roles=broker,controller",
    `node.id=${nodeId}`,
    `controller.quorum.voters=${voters.map((v) => `${v.nodeId}@127.0.0.1:${v.controllerPort}`).join(",")}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    "controller.listener.names=CONTROLLER",
    "inter.broker.listener.name=PLAINTEXT",
    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
    `log.dirs=${dataDir}`,
    "num.partitions=12",
    // Internal topics cannot have more replicas than brokers, or group coordination never starts.
    `offsets.topic.replication.factor=${replicas}`,
    "offsets.topic.num.partitions=12",
    `transaction.state.log.replication.factor=${replicas}`,
    `transaction.state.log.min.isr=${minIsr}`,
    `share.coordinator.state.topic.replication.factor=${replicas}`,
    `share.coordinator.state.topic.min.isr=${minIsr}`,
    // Only a cluster needs these; a single node keeps the broker defaults (and its file as it always was).
    ...(replicas > 1
      ? [
          `default.replication.factor=${replicas}`,
          `min.insync.replicas=${minIsr}`,
          // A killed node leads a third of the partitions and coordinates a third of the groups until
          // the controller fences it: after 9 s of missed heartbeats by default, the largest part of
          // the stall its loss causes (docs/reliability.md). 3 s, heartbeats every second: at 5 s
          // the longest step wait still ended 10.4-11.1 s past its usual, over the 10 s promise.
          "broker.heartbeat.interval.ms=1000",
          "broker.session.timeout.ms=3000",
        ]
      : []),
    "group.initial.rebalance.delay.ms=0",
    "auto.create.topics.enable=false",
    "log.retention.hours=24",
    "log.segment.bytes=67108864",
    ...extraProperties,
    "",
  ].join("\n");
}

/** log4j2 configuration: warnings and the broker's start/stop lines into logsDir/server.log, rolled at 20 MB. */
export function log4jProperties(logsDir: string): string {
  return [
    "status = warn",
    "appender.file.type = RollingFile",
    "appender.file.name = FILE",
    `appender.file.fileName = ${join(logsDir, "server.log")}`,
    `appender.file.filePattern = ${join(logsDir, "server.log.%i")}`,
    "appender.file.layout.type = PatternLayout",
    "appender.file.layout.pattern = [%d] %p %m (%c)%n",
    "appender.file.policies.type = Policies",
    "appender.file.policies.size.type = SizeBasedTriggeringPolicy",
    "appender.file.policies.size.size = 20MB",
    "appender.file.strategy.type = DefaultRolloverStrategy",
    "appender.file.strategy.max = 2",
    "rootLogger.level = WARN",
    "rootLogger.appenderRef.file.ref = FILE",
    "logger.server.name = kafka.server.KafkaRaftServer",
    "logger.server.level = INFO",
    "",
  ].join("\n");
}

/** Writes server.properties and log4j2.properties into configDir; returns their paths. */
export function writeBrokerConfig(configDir: string, logsDir: string, config: BrokerConfig): { configFile: string; log4jFile: string } {
  mkdirSync(configDir, { recursive: true });
  mkdirSync(logsDir, { recursive: true });
  const configFile = join(configDir, "server.properties");
  const log4jFile = join(configDir, "log4j2.properties");
  writeFileSync(configFile, brokerProperties(config));
  writeFileSync(log4jFile, log4jProperties(logsDir));
  return { configFile, log4jFile };
}
