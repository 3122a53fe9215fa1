import { describe, expect, it } from "vitest";
import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, KafkaJSSASLAuthenticationError } from "kafkajs";
import { explainAccessFailure, isAccessFailureLog, KafkaAccessError } from "./access-error.js";

const scram = { mechanism: "scram-sha-512", username: "sunseo" };
// kafkajs' typings declare no constructor arguments; the class takes the message, as kafkajs builds it.
const SaslError = KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;
const saslError = () =>
  new SaslError(
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
      "TLS with Kafka failed: self-signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN); check KAFKA_SSL, KAFKA_SSL_CA_FILE and that KAFKA_BROKERS names the brokers' TLS listener",
    );
  });

  it("says TLS failed when the handshake is cut off (TLS to a plaintext port)", () => {
    const cut = new KafkaJSConnectionError("Connection error: Client network socket disconnected before secure TLS connection was established", {
      broker: "b:9092",
      code: "ECONNRESET",
    });
    expect((explainAccessFailure(cut, undefined) as KafkaAccessError).code).toBe("KAFKA_TLS_FAILED");
  });

  it("says the SASL handshake was refused by a listener without SASL", () => {
    // What kafkajs builds from the broker's error code 34.
    const illegal = new KafkaJSProtocolError(
      Object.assign(new Error("Request is not valid given the current SASL state"), { type: "ILLEGAL_SASL_STATE", code: 34, retriable: false }),
    );
    const err = explainAccessFailure(new KafkaJSNumberOfRetriesExceeded(illegal, { retryCount: 0, retryTime: 100 }), scram);
    expect((err as KafkaAccessError).code).toBe("KAFKA_AUTH_FAILED");
    expect((err as Error).message).toMatch(/^Kafka refused the SASL handshake: Request is not valid given the current SASL state \(ILLEGAL_SASL_STATE\)/);
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
