import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MissingToolError } from "./errors.js";
import { localDir } from "./paths.js";
import { commandVersion } from "./process.js";

/**
 * A real Apache Kafka broker without Docker: the broker's jars come from Maven Central
 * through the installed Maven, assembled once per version and shared by every broker this
 * machine runs (the shared infra's and any a caller starts itself).
 * The version is pinned; see the README ("Why Kafka 4.1.1") for the choice.
 */
export const KAFKA_VERSION = "4.1.1";
/** The broker logs through slf4j 1.7 and brings log4j2 itself, but no binding between them. */
const SLF4J_BINDING = "org.apache.logging.log4j:log4j-slf4j-impl:2.24.3";

export const kafkaDir = join(localDir, "kafka");
const buildDir = join(kafkaDir, KAFKA_VERSION);
const libsDir = join(buildDir, "libs");

export function requireJavaAndMaven(): { java: string; maven: string } {
  const java = commandVersion("java", ["-version"]);
  if (!java) throw new MissingToolError("no Java on PATH: the local Kafka broker needs Java 17+ (or set KAFKA_BROKERS to a running broker)");
  if (!hasBrokerJars()) {
    const maven = commandVersion("mvn", ["-v"]);
    if (!maven)
      throw new MissingToolError(`no Maven (mvn) on PATH: it downloads the Kafka ${KAFKA_VERSION} jars once into .local/kafka (or set KAFKA_BROKERS)`);
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
  const result = spawnSync("mvn", ["-q", "-B", "dependency:copy-dependencies", "-DincludeScope=runtime", `-DoutputDirectory=${libsDir}`], {
    cwd: buildDir,
    encoding: "utf8",
    timeout: 600_000,
  });
  if (result.status !== 0) {
    rmSync(libsDir, { recursive: true, force: true });
    throw new Error(`Maven could not fetch Kafka ${KAFKA_VERSION}:\n${(result.stdout + result.stderr).slice(-2000)}`);
  }
}

export const brokerClasspath = (): string => `${libsDir}/*`;

export interface BrokerJvm {
  configFile: string;
  log4jFile: string;
  logsDir: string;
  /** -Xms / -Xmx, e.g. "256m". */
  heap: { initial: string; max: string };
}

/** The `java` arguments that run one broker (what bin/kafka-server-start.sh would run). */
export function brokerJavaArgs({ configFile, log4jFile, logsDir, heap }: BrokerJvm): string[] {
  return [
    `-Xms${heap.initial}`,
    `-Xmx${heap.max}`,
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-Djava.awt.headless=true",
    `-Dkafka.logs.dir=${logsDir}`,
    `-Dlog4j2.configurationFile=${log4jFile}`,
    "-cp",
    brokerClasspath(),
    "kafka.Kafka",
    configFile,
  ];
}
