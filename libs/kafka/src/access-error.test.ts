import { describe, expect, it } from "vitest";
import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSSASLAuthenticationError } from "kafkajs";
import { explainAccessFailure, isAccessFailureLog, KafkaAccessError } from "./access-error.js";

const scram = { mechanism: "scram-sha-512", username: "sunseo" };
const saslError = () =>
  new KafkaJSSASLAuthenticationError(
    "SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512",
  );
const tlsError = () =>
  new KafkaJSConnectionError("Connection error: self-signed certificate in certificate chain", { broker: "b:9096", code: "SELF_SIGNED_CERT_IN_CHAIN" });

describe("explainAccessFailure", () => {
  it("names the mechanism and the user of refused credentials", () => {
    const err = explainAccessFailure(saslError(), scram);
    expect(err).toBeInstanceOf(KafkaAccessError);
    expect((err as KafkaAccessError).code).toBe("KAFKA_AUTH_FAILED");
    expect((err as Error).message).toBe(
      'Kafka refused the credentials: SCRAM-SHA-512 authentication failed for user "sunseo" (Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512); check KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD',
    );
  });

  it("finds a certificate failure under exhausted retries", () => {
    const err = explainAccessFailure(new KafkaJSNumberOfRetriesExceeded(tlsError(), { retryCount: 8, retryTime: 2000 }), scram);
    expect((err as KafkaAccessError).code).toBe("KAFKA_TLS_FAILED");
    expect((err as Error).message).toBe(
      "TLS with Kafka failed: self-signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN); check KAFKA_SSL and KAFKA_SSL_CA_FILE",
    );
  });

  it("leaves an outage as it was: the broker being down is not a configuration mistake", () => {
    const refused = new KafkaJSConnectionError("Connection error: connect ECONNREFUSED 127.0.0.1:9092", { broker: "b:9092", code: "ECONNREFUSED" });
    expect(explainAccessFailure(refused, scram)).toBe(refused);
    const other = new Error("boom");
    expect(explainAccessFailure(other, undefined)).toBe(other);
  });
});

describe("isAccessFailureLog", () => {
  it.each([
    ["SASL SCRAM SHA512 authentication failed: Authentication failed during authentication", undefined],
    ["Response SaslAuthenticate(key: 36, version: 1)", "Authentication failed during authentication due to invalid credentials"],
    ["Connection error: self-signed certificate in certificate chain", undefined],
    ["Failed to connect to seed broker, trying another broker from the list: Connection error: unable to verify the first certificate", undefined],
  ])("drops %j (repeated by the thrown error)", (message, error) => expect(isAccessFailureLog(message, error)).toBe(true));

  it.each(["Connection error: connect ECONNREFUSED 127.0.0.1:9092", "The group is rebalancing, re-joining"])("keeps %j", (message) =>
    expect(isAccessFailureLog(message, undefined)).toBe(false),
  );
});
