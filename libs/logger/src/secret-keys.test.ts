import { describe, expect, it } from "vitest";
import { isSecretKey } from "./secret-keys.js";

describe("isSecretKey", () => {
  it.each([
    "password",
    "Password",
    "passwd",
    "dbPassword",
    "secret",
    "clientSecret",
    "webhook_secret",
    "token",
    "accesstoken",
    "accessToken",
    "access_token",
    "refresh-token",
    "apiKey",
    "x-api-key",
    "privateKey",
    "passphrase",
    "KAFKA_SASL_PASSWORD",
    "KAFKA_SSL_KEY_PASSWORD",
    "authorization",
    "Authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
  ])("%s is secret", (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(["phone", "tokenType", "tokens_used", "key", "idempotencyKey", "authorizedAt", "secretary", "name", "msg"])("%s is not", (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
});
