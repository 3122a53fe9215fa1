import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import { readKafkaConnection } from "@sunseo/config";
import { reportUrl, topicName, topics } from "@sunseo/contracts";
import { createKafka, ensureTopics } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";
import {
  createCertificateAuthority,
  eventually,
  freePort,
  startSecureKafkaBroker,
  startServiceProcess,
  type SecureKafkaBroker,
  type ServiceProcess,
} from "@sunseo/testing";

const SECRET = "secure-kafka-test-secret";
const PREFIX = "secure.";
const SCRAM_USER = { username: "sunseo-ingest", password: "scram-pass-7f3a9c" };
const PLAIN_USER = { username: "sunseo-plain", password: "plain-pass-51d2e8" };
const WRONG_PASSWORD = "not-the-password-0c4b";

/**
 * A managed cluster (MSK, Confluent Cloud) is reached over SASL_SSL. Against a real broker with
 * such a listener (its own, started here, with a throwaway CA), the service must connect with
 * the right credentials and refuse to start, in one line, with wrong ones.
 */
describe("webhook-ingest against a SASL_SSL broker", () => {
  let dir: string;
  let broker: SecureKafkaBroker;
  const running: ServiceProcess[] = [];

  /** The variables a deployment sets for this broker, overridable per case. */
  const secureEnv = (overrides: Record<string, string> = {}): Record<string, string> => ({
    KAFKA_BROKERS: broker.secureBrokers.join(","),
    KAFKA_SSL: "true",
    KAFKA_SSL_CA_FILE: broker.ca.certFile,
    KAFKA_SASL_MECHANISM: "SCRAM-SHA-512",
    KAFKA_SASL_USERNAME: SCRAM_USER.username,
    KAFKA_SASL_PASSWORD: SCRAM_USER.password,
    ...overrides,
  });

  const start = async (env: Record<string, string>) => {
    const [port, opsPort] = [await freePort(), await freePort()];
    const service = startServiceProcess("webhook-ingest", {
      ...env,
      SUNSEO_TOPIC_PREFIX: PREFIX,
      WEBHOOK_SECRET: SECRET,
      HOST: "127.0.0.1",
      PORT: String(port),
      OPS_PORT: String(opsPort),
      LOG_LEVEL: "info",
    });
    running.push(service);
    return { service, port, opsPort };
  };

  const exitCode = (service: ServiceProcess) =>
    new Promise<number | null>((resolve) => {
      if (service.child.exitCode !== null) resolve(service.child.exitCode);
      else service.child.once("exit", (code) => resolve(code));
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "sunseo-secure-kafka-"));
    broker = await startSecureKafkaBroker({ dir, scramUsers: [SCRAM_USER], plainUsers: [PLAIN_USER], log: () => undefined });
    await broker.waitReady();
    // The topic is made over SASL_SSL too, with the same config the services read.
    const kafka = createKafka({
      ...readKafkaConnection(secureEnv()),
      clientId: "secure-setup",
      logger: createLogger({ name: "secure-setup", level: "silent" }),
    });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [topicName(PREFIX, topics.report)], { partitions: 1 });
    await admin.disconnect();
  });

  afterAll(async () => {
    for (const service of running) await service.kill();
    await broker?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("with SCRAM-SHA-512 credentials, becomes ready and writes a pushed report to the topic", async () => {
    const { service, port, opsPort } = await start(secureEnv());
    await eventually(async () => expect((await fetch(`http://127.0.0.1:${opsPort}/readyz`)).status).toBe(200), { timeoutMs: 60_000, intervalMs: 250 }).catch(
      (err: unknown) => Promise.reject(new Error(`${(err as Error).message}\n${service.output()}`)),
    );
    const refkey = `secure-${Date.now()}`;
    const res = await fetch(`http://127.0.0.1:${port}${reportUrl("", SECRET)}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        DEVICE: "KAT",
        CMSGID: "1",
        MSGID: "m-1",
        PHONE: "01012345678",
        MEDIA: "KAT",
        UNIXTIME: "1700000000",
        RESULT: "7000",
        REFKEY: refkey,
      }),
    });
    expect(res.status).toBe(200);
    const kafka = createKafka({
      ...readKafkaConnection(secureEnv()),
      clientId: "secure-reader",
      logger: createLogger({ name: "secure-reader", level: "silent" }),
    });
    expect(await readRefkeys(kafka, topicName(PREFIX, topics.report), refkey)).toContain(refkey);
    expect(service.output()).not.toContain(SCRAM_USER.password);
    expect(await service.stop()).toBe(0);
  });

  it.each([
    ["SCRAM-SHA-256", SCRAM_USER],
    ["PLAIN", PLAIN_USER],
  ])("with %s credentials, becomes ready", async (mechanism, user) => {
    const { service, opsPort } = await start(
      secureEnv({ KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: user.username, KAFKA_SASL_PASSWORD: user.password }),
    );
    await eventually(async () => expect((await fetch(`http://127.0.0.1:${opsPort}/readyz`)).status).toBe(200), { timeoutMs: 60_000, intervalMs: 250 });
    expect(await service.stop()).toBe(0);
  });

  it("with a wrong password, exits non-zero with one line naming the user, and never prints the password", async () => {
    const { service } = await start(secureEnv({ KAFKA_SASL_PASSWORD: WRONG_PASSWORD }));
    expect(await exitCode(service)).toBe(1);
    const lines = service.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^fatal: Kafka refused the credentials: SCRAM-SHA-512 authentication failed for user "sunseo-ingest"/);
    expect(service.output()).not.toContain(WRONG_PASSWORD);
  });

  it("trusting another CA than the broker's, exits non-zero with one line saying TLS failed", async () => {
    const otherCa = createCertificateAuthority(join(dir, "other-ca"), "not the broker's CA");
    const { service } = await start(secureEnv({ KAFKA_SSL_CA_FILE: otherCa.certFile }));
    expect(await exitCode(service)).toBe(1);
    const lines = service.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^fatal: TLS with Kafka failed: .*certificate.*; check KAFKA_SSL, KAFKA_SSL_CA_FILE/);
  });

  it("with credentials for a listener without SASL, exits non-zero with one line saying the handshake was refused", async () => {
    const { service } = await start(secureEnv({ KAFKA_BROKERS: broker.brokers.join(","), KAFKA_SSL: "false", KAFKA_SSL_CA_FILE: "" }));
    expect(await exitCode(service)).toBe(1);
    const lines = service.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^fatal: Kafka refused the SASL handshake: .*\(ILLEGAL_SASL_STATE\)/);
  });
});

/** The REFKEYs on the report topic, read from the beginning until the one expected shows up. */
async function readRefkeys(kafka: Kafka, topic: string, expected: string): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: `secure-reader-${Date.now()}` });
  const seen: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push((JSON.parse(message.value?.toString() ?? "{}") as { report?: { REFKEY?: string } }).report?.REFKEY ?? "");
      },
    });
    await eventually(() => expect(seen).toContain(expected), { timeoutMs: 30_000 });
    return seen;
  } finally {
    await consumer.disconnect();
  }
}
