// Keys are compared lower-cased without - and _, so accessToken, access_token and
// Access-Token are one key. Suffixes catch the prefixed variants (dbPassword,
// webhookSecret, csrfToken, x-api-key, KAFKA_SASL_PASSWORD, TLS's passphrase); the header
// names must match exactly.
const SECRET_SUFFIX = /(?:password|passwd|passphrase|secret|token|apikey|privatekey)$/;
const SECRET_NAME = /^(?:authorization|proxyauthorization|cookie|setcookie)$/;
const IGNORED = /[-_]/g;

/** True for a property name whose value must never reach a log line. */
export function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(IGNORED, "");
  return SECRET_SUFFIX.test(normalized) || SECRET_NAME.test(normalized);
}
