import { join } from "node:path";
import { startKafkaBroker, type KafkaBroker } from "./kafka-broker.js";
import { createBrokerKeystore, type CertificateAuthority } from "./kafka-tls.js";
import { freePort } from "./ports.js";

/**
 * A broker like a managed cluster's (MSK, Confluent Cloud): clients reach it over SASL_SSL
 * with SCRAM or PLAIN credentials and verify its certificate. It keeps a PLAINTEXT listener
 * too, for its own traffic and for a test's setup (topics) and readiness probe.
 */

/** A broker-side user; letters, digits and dashes only (they are written into broker config as they are). */
export interface SaslUser {
  username: string;
  password: string;
}

export interface SecureKafkaBrokerOptions {
  /** Its data, logs and TLS material; the caller removes it after stop(). */
  dir: string;
  /** Created with Kafka's storage tool for both SCRAM-SHA-256 and SCRAM-SHA-512. */
  scramUsers: readonly SaslUser[];
  /** Accepted by the PLAIN mechanism (listed in the broker's JAAS config). */
  plainUsers?: readonly SaslUser[];
  log?: (line: string) => void;
}

export interface SecureKafkaBroker extends KafkaBroker {
  /** The SASL_SSL listener; `brokers` stays the PLAINTEXT one. */
  secureBrokers: string[];
  /** The CA that signed the broker's certificate: what a client trusts. */
  ca: CertificateAuthority;
}

const SCRAM_MECHANISMS = ["SCRAM-SHA-256", "SCRAM-SHA-512"] as const;

export async function startSecureKafkaBroker({ dir, scramUsers, plainUsers = [], log }: SecureKafkaBrokerOptions): Promise<SecureKafkaBroker> {
  const [port, controllerPort, securePort] = [await freePort(), await freePort(), await freePort()];
  const tls = createBrokerKeystore(join(dir, "tls"));
  // Written into JAAS (quoted) and `--add-scram [name=..,password=..]` as they are: test users keep
  // to letters, digits and dashes.
  const plainJaas = plainUsers.map(({ username, password }) => `user_${username}=${JSON.stringify(password)}`).join(" ");
  const extraProperties = [
    // The defaults above name PLAINTEXT and CONTROLLER only; a later key wins in a properties file.
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort},SASL_SSL://127.0.0.1:${securePort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port},SASL_SSL://127.0.0.1:${securePort}`,
    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL",
    "sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512,PLAIN",
    ...SCRAM_MECHANISMS.map(
      (m) => `listener.name.sasl_ssl.${m.toLowerCase()}.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
    ),
    `listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required ${plainJaas};`,
    "ssl.keystore.type=PKCS12",
    `ssl.keystore.location=${tls.keystoreFile}`,
    `ssl.keystore.password=${tls.keystorePassword}`,
    `ssl.key.password=${tls.keystorePassword}`,
  ];
  const scramCredentials = scramUsers.flatMap(({ username, password }) => SCRAM_MECHANISMS.map((m) => `${m}=[name=${username},password=${password}]`));
  const broker = startKafkaBroker({
    port,
    controllerPort,
    dataDir: join(dir, "data"),
    logsDir: join(dir, "logs"),
    extraProperties,
    scramCredentials,
    log,
  });
  return Object.assign(broker, { secureBrokers: [`127.0.0.1:${securePort}`], ca: tls.ca });
}
