import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { localDir } from "./paths.js";
import { commandVersion, isAlive, spawnDetached } from "./process.js";

/**
 * A real Apache Kafka broker without Docker: the broker's jars come from Maven Central
 * through the installed Maven, and it runs as one KRaft broker+controller on loopback.
 * The version is pinned; see the README ("Why Kafka 4.1.1") for the choice.
 */
export const KAFKA_VERSION = "4.1.1";
/** The broker logs through slf4j 1.7 and brings log4j2 itself, but no binding between them. */
const SLF4J_BINDING = "org.apache.logging.log4j:log4j-slf4j-impl:2.24.3";

const kafkaDir = join(localDir, "kafka");
const libsDir = join(kafkaDir, KAFKA_VERSION, "libs");
// Per version: a broker never opens a log directory another version formatted.
const dataDir = join(kafkaDir, KAFKA_VERSION, "data");
const logsDir = join(kafkaDir, "logs");

export interface LocalKafkaPorts {
  port: number;
  controllerPort: number;
}

export class MissingToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MissingToolError";
  }
}

export function requireJavaAndMaven(): { java: string; maven: string } {
  const java = commandVersion("java", ["-version"]);
  if (!java) throw new MissingToolError("no Java on PATH: the local Kafka broker needs Java 17+ (or set KAFKA_BROKERS to a running broker)");
  if (!hasBrokerJars()) {
    const maven = commandVersion("mvn", ["-v"]);
    if (!maven) throw new MissingToolError(`no Maven (mvn) on PATH: it downloads the Kafka ${KAFKA_VERSION} jars once into .local/kafka (or set KAFKA_BROKERS)`);
    return { java, maven };
  }
  return { java, maven: "not needed (jars cached)" };
}

function hasBrokerJars(): boolean {
  return existsSync(libsDir) && readdirSync(libsDir).some((f) => f.startsWith(`kafka_2.13-${KAFKA_VERSION}`));
}

/** Downloads the broker's runtime classpath once; later starts reuse .local/kafka/<version>/libs. */
export function assembleBroker(log: (line: string) => void): void {
  if (hasBrokerJars()) return;
  log(`assembling Apache Kafka ${KAFKA_VERSION} from Maven Central (once) ...`);
  const buildDir = join(kafkaDir, KAFKA_VERSION);
  mkdirSync(buildDir, { recursive: true });
  const [bGroup, bArtifact, bVersion] = SLF4J_BINDING.split(":");
  writeFileSync(
    join(buildDir, "pom.xml"),
    `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.sunseo</groupId><artifactId>kafka-broker</artifactId><version>${KAFKA_VERSION}</version><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>${bGroup}</groupId><artifactId>${bArtifact}</artifactId><version>${bVersion}</version></dependency>
  </dependencies>
</project>
`,
  );
  const result = spawnSync(
    "mvn",
    ["-q", "-B", "dependency:copy-dependencies", "-DincludeScope=runtime", `-DoutputDirectory=${libsDir}`],
    { cwd: buildDir, encoding: "utf8", timeout: 600_000 },
  );
  if (result.status !== 0) {
    rmSync(libsDir, { recursive: true, force: true });
    throw new Error(`Maven could not fetch Kafka ${KAFKA_VERSION}:\n${(result.stdout + result.stderr).slice(-2000)}`);
  }
}

function writeConfig({ port, controllerPort }: LocalKafkaPorts): string {
  mkdirSync(logsDir, { recursive: true });
  const file = join(kafkaDir, "server.properties");
  writeFileSync(
    file,
    [
      "process.roles=broker,controller",
      "node.id=1",
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      "controller.listener.names=CONTROLLER",
      "inter.broker.listener.name=PLAINTEXT",
      "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
      `log.dirs=${dataDir}`,
      "num.partitions=12",
      // A single broker: internal topics cannot have 3 replicas, or group coordination never starts.
      "offsets.topic.replication.factor=1",
      "offsets.topic.num.partitions=12",
      "transaction.state.log.replication.factor=1",
      "transaction.state.log.min.isr=1",
      "share.coordinator.state.topic.replication.factor=1",
      "share.coordinator.state.topic.min.isr=1",
      "group.initial.rebalance.delay.ms=0",
      "auto.create.topics.enable=false",
      "log.retention.hours=24",
      "log.segment.bytes=67108864",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(kafkaDir, "log4j2.properties"),
    [
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
    ].join("\n"),
  );
  return file;
}

const classpath = () => `${libsDir}/*`;

function formatStorage(configFile: string): void {
  if (existsSync(join(dataDir, "meta.properties"))) return;
  mkdirSync(dataDir, { recursive: true });
  const result = spawnSync("java", ["-cp", classpath(), "kafka.tools.StorageTool", "format", "-t", randomBytes(16).toString("base64url"), "-c", configFile], {
    encoding: "utf8",
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`formatting Kafka storage failed:\n${result.stdout}${result.stderr}`);
}

/** Starts the broker in the background; returns its pid. */
export function startLocalKafka(ports: LocalKafkaPorts): number {
  const configFile = writeConfig(ports);
  formatStorage(configFile);
  return spawnDetached(
    "java",
    [
      "-Xms384m",
      "-Xmx768m",
      "-XX:+UseG1GC",
      "-XX:MaxGCPauseMillis=20",
      "-Djava.awt.headless=true",
      `-Dkafka.logs.dir=${logsDir}`,
      `-Dlog4j2.configurationFile=${join(kafkaDir, "log4j2.properties")}`,
      "-cp",
      classpath(),
      "kafka.Kafka",
      configFile,
    ],
    join(logsDir, "stdout.log"),
    kafkaDir,
  );
}

/** Why a starting broker died, for the error message. */
export function brokerDeathReason(pid: number): string | undefined {
  if (isAlive(pid)) return undefined;
  const tail = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").split("\n").slice(-15).join("\n") : "");
  return `the broker process exited; last lines of .local/kafka/logs:\n${tail(join(logsDir, "stdout.log"))}\n${tail(join(logsDir, "server.log"))}`;
}

/** Forgets the broker's data (topics, offsets): the next start formats a fresh log. */
export function purgeKafkaData(): void {
  rmSync(dataDir, { recursive: true, force: true });
}
