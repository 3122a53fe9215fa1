import { describe, expect, it } from "vitest";
import { REDACTED, scrub } from "./scrub.js";

describe("scrub", () => {
  it("returns the very same object when nothing needs changing", () => {
    const value = { flow: "welcome", step: 3, tags: ["a", "b"], nested: { at: new Date(0), n: null } };
    expect(scrub(value)).toBe(value);
  });

  it("copies only the branches that change", () => {
    const untouched = { step: 1 };
    const value = { untouched, changed: { phone: "01012345678" } };
    const result = scrub(value) as typeof value;
    expect(result).not.toBe(value);
    expect(result.untouched).toBe(untouched);
    expect(result.changed).toEqual({ phone: "010-****-5678" });
    expect(value.changed.phone).toBe("01012345678");
  });

  it("masks strings and leaves other primitives alone", () => {
    expect(scrub("to 01012345678")).toBe("to 010-****-5678");
    expect(scrub(1012345678)).toBe(1012345678);
    expect(scrub(undefined)).toBeUndefined();
    expect(scrub(null)).toBeNull();
  });

  it("redacts secret keys whatever their value, but keeps undefined ones out", () => {
    expect(scrub({ token: { nested: "x" }, password: 1234 })).toEqual({ token: REDACTED, password: REDACTED });
    expect(scrub({ token: undefined })).toEqual({ token: undefined });
  });

  it("scrubs what toJSON would print", () => {
    const url = new URL("https://example.test/send?to=01012345678");
    expect(scrub({ url })).toEqual({ url: "https://example.test/send?to=010-****-5678" });
  });

  it("keeps an own __proto__ key as data", () => {
    const value = JSON.parse('{"__proto__": {"phone": "01012345678"}, "x": "01012345678"}') as object;
    const result = scrub(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual(["__proto__", "x"]);
  });

  it("leaves binary data alone", () => {
    const bytes = Buffer.from("01012345678");
    expect((scrub({ bytes }) as { bytes: unknown }).bytes).toBe(bytes);
  });

  it("redacts PEM private keys in any string, whatever the key holding it", () => {
    const key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";
    const rsa = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";
    const cert = "-----BEGIN CERTIFICATE-----\nMIIDazCCAlOgAwIBAgIU\n-----END CERTIFICATE-----";
    expect(scrub({ ssl: { key, cert } })).toEqual({ ssl: { key: `${REDACTED}\n`, cert } });
    expect(scrub(`bad key ${rsa} in file`)).toBe(`bad key ${REDACTED} in file`);
    // Cut off mid-key (a truncated message): everything from the BEGIN line goes.
    expect(scrub("starts -----BEGIN EC PRIVATE KEY-----\nMHcCAQEE")).toBe(`starts ${REDACTED}`);
  });

  it("redacts the Kafka SASL password and TLS passphrase, in env dumps and kafkajs options", () => {
    const env = { KAFKA_SASL_USERNAME: "svc", KAFKA_SASL_PASSWORD: "hunter2", KAFKA_SSL_CA_FILE: "/etc/ca.pem" };
    expect(scrub(env)).toEqual({ ...env, KAFKA_SASL_PASSWORD: REDACTED });
    const options = { sasl: { mechanism: "scram-sha-512", username: "svc", password: "hunter2" }, ssl: { passphrase: "pw" } };
    expect(JSON.stringify(scrub(options))).not.toMatch(/hunter2|"pw"/);
  });
});
