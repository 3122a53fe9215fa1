import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { kafkaConnection, kafkaConnectionSchema, readKafkaConnection } from "./kafka-connection.js";
import { ConfigError, loadConfig } from "./load-config.js";

const dir = mkdtempSync(join(tmpdir(), "sunseo-kafka-security-"));
const pemFile = (name: string, label: string) => {
  const path = join(dir, name);
  writeFileSync(path, `-----BEGIN ${label}-----\nAAAA\n-----END ${label}-----\n`);
  return path;
};
const CA = pemFile("ca.pem", "CERTIFICATE");
const CERT = pemFile("client.pem", "CERTIFICATE");
const KEY = pemFile("client.key", "PRIVATE KEY");
const NOT_PEM = join(dir, "notes.txt");
writeFileSync(NOT_PEM, "hello");

/** The problems loadConfig lists for this environment (none: it loaded). */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(kafkaConnectionSchema, env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe("Kafka TLS and SASL settings", () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("adds nothing for a plaintext broker", () => {
    expect(readKafkaConnection({ KAFKA_BROKERS: "a:9092" })).toEqual({ brokers: ["a:9092"] });
  });

  it("gives kafkajs' ssl and sasl options, the files read and the mechanism in its spelling", () => {
    const connection = readKafkaConnection({
      KAFKA_BROKERS: "b-1.msk:9096,b-2.msk:9096",
      KAFKA_SSL: "true",
      KAFKA_SSL_CA_FILE: CA,
      KAFKA_SSL_CERT_FILE: CERT,
      KAFKA_SSL_KEY_FILE: KEY,
      KAFKA_SASL_MECHANISM: "SCRAM-SHA-512",
      KAFKA_SASL_USERNAME: "sunseo",
      KAFKA_SASL_PASSWORD: "s3cret",
    });
    expect(connection).toEqual({
      brokers: ["b-1.msk:9096", "b-2.msk:9096"],
      ssl: {
        ca: [expect.stringContaining("BEGIN CERTIFICATE")],
        cert: expect.stringContaining("BEGIN CERTIFICATE"),
        key: expect.stringContaining("PRIVATE KEY"),
      },
      sasl: { mechanism: "scram-sha-512", username: "sunseo", password: "s3cret" },
    });
  });

  it("trusts the system store when TLS is on without a CA file (Confluent Cloud)", () => {
    const env = { KAFKA_SSL: "1", KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_USERNAME: "API_KEY", KAFKA_SASL_PASSWORD: "API_SECRET" };
    expect(readKafkaConnection(env)).toMatchObject({ ssl: {}, sasl: { mechanism: "plain" } });
  });

  it.each(["true", "TRUE", "1", "yes"])("KAFKA_SSL=%s is on", (flag) => {
    expect(loadConfig(kafkaConnectionSchema, { KAFKA_SSL: flag }).KAFKA_SSL).toBe(true);
  });

  it.each(["false", "0", "no", ""])("KAFKA_SSL=%j is off", (flag) => {
    expect(kafkaConnection(loadConfig(kafkaConnectionSchema, { KAFKA_SSL: flag })).ssl).toBeUndefined();
  });

  it("names each variable a mechanism needs", () => {
    expect(problems({ KAFKA_SASL_MECHANISM: "scram-sha-256" })).toEqual([
      "KAFKA_SASL_USERNAME: required with KAFKA_SASL_MECHANISM=scram-sha-256",
      "KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM=scram-sha-256",
    ]);
  });

  it("takes a blank variable (an env file's `KAFKA_SSL_CA_FILE=`) as unset", () => {
    const blank = {
      KAFKA_SSL_CA_FILE: "",
      KAFKA_SSL_CERT_FILE: "",
      KAFKA_SSL_KEY_FILE: "",
      KAFKA_SASL_MECHANISM: "",
      KAFKA_SASL_USERNAME: "",
      KAFKA_SASL_PASSWORD: "",
    };
    expect(readKafkaConnection(blank)).toEqual({ brokers: ["127.0.0.1:9092"] });
    expect(problems({ ...blank, KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_USERNAME: "u" })).toEqual([
      'KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM=plain (got "***")',
    ]);
  });

  it("refuses credentials without a mechanism", () => {
    expect(problems({ KAFKA_SASL_USERNAME: "u", KAFKA_SASL_PASSWORD: "p" })).toEqual([
      "KAFKA_SASL_MECHANISM: required with KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD: one of plain, scram-sha-256, scram-sha-512",
    ]);
  });

  it("lists the accepted mechanisms for an unknown one", () => {
    expect(problems({ KAFKA_SASL_MECHANISM: "GSSAPI", KAFKA_SASL_USERNAME: "u", KAFKA_SASL_PASSWORD: "p" })).toEqual([
      'KAFKA_SASL_MECHANISM: expected one of plain, scram-sha-256, scram-sha-512 (any case) (got "GSSAPI")',
    ]);
  });

  it("wants a client certificate and its key together", () => {
    expect(problems({ KAFKA_SSL: "true", KAFKA_SSL_CERT_FILE: CERT })).toEqual(["KAFKA_SSL_KEY_FILE: required with KAFKA_SSL_CERT_FILE"]);
    expect(problems({ KAFKA_SSL: "true", KAFKA_SSL_KEY_FILE: KEY })).toEqual(["KAFKA_SSL_CERT_FILE: required with KAFKA_SSL_KEY_FILE"]);
  });

  it("refuses certificates while TLS is off, rather than ignoring them", () => {
    expect(problems({ KAFKA_SSL_CA_FILE: CA })).toEqual([expect.stringMatching(/^KAFKA_SSL_CA_FILE: needs KAFKA_SSL=true \(got ".*"\)$/)]);
  });

  it("reads the files at load: a missing or non-PEM file is named, with every other problem", () => {
    const missing = join(dir, "missing.pem");
    expect(problems({ KAFKA_SSL: "maybe", KAFKA_SSL_CA_FILE: missing, KAFKA_SSL_CERT_FILE: NOT_PEM, KAFKA_SSL_KEY_FILE: KEY })).toEqual([
      'KAFKA_SSL: expected true or false (got "maybe")',
      expect.stringMatching(/^KAFKA_SSL_CA_FILE: cannot read the file \(ENOENT\) \(got "\/.*"\)$/),
      expect.stringMatching(/^KAFKA_SSL_CERT_FILE: not a PEM file \(no -----BEGIN line\) \(got "\/.*"\)$/),
    ]);
  });

  it("never prints the password in a problem", () => {
    const message = problems({ KAFKA_SASL_MECHANISM: "scram", KAFKA_SASL_USERNAME: "u", KAFKA_SASL_PASSWORD: "hunter2-password" }).join("\n");
    expect(message).toContain("KAFKA_SASL_MECHANISM");
    expect(message).not.toContain("hunter2");
  });
});
