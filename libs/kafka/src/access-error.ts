/**
 * A broker that refuses our credentials or our TLS handshake is a deployment mistake, not an
 * outage: the service must stop at boot with one line that names what to fix. kafkajs says
 * it with an error per attempt and a stack; this turns it into that line.
 */

export type KafkaAccessCode = "KAFKA_AUTH_FAILED" | "KAFKA_TLS_FAILED";

export class KafkaAccessError extends Error {
  constructor(
    message: string,
    readonly code: KafkaAccessCode,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = "KafkaAccessError";
  }
}

interface SaslIdentity {
  mechanism: string;
  username: string;
}

// Node's certificate checks (SELF_SIGNED_CERT_IN_CHAIN, ERR_TLS_CERT_ALTNAME_INVALID, ...) and
// OpenSSL's handshake failures (ERR_SSL_WRONG_VERSION_NUMBER: TLS to a plaintext port).
const TLS_CODE = /CERT|SSL|TLS/;
// A handshake cut off before TLS was up: in practice a plaintext listener (a wrong port).
const TLS_CUT_OFF = /before secure TLS connection was established/;
// The broker's answers to a SASL handshake it cannot take (a listener without SASL, say).
const SASL_HANDSHAKE_REFUSED = new Set(["ILLEGAL_SASL_STATE", "UNSUPPORTED_SASL_MECHANISM"]);
// The same failures as kafkajs words them in its log lines.
const ACCESS_FAILURE_TEXT =
  /authentication failed|certificate|SSL routines|wrong version number|secure TLS connection|current SASL state|requested SASL mechanism/i;

/** True for a kafkajs log line that repeats an access failure the caller is about to get thrown. */
export function isAccessFailureLog(message: string, error: unknown): boolean {
  return ACCESS_FAILURE_TEXT.test(message) || (typeof error === "string" && ACCESS_FAILURE_TEXT.test(error));
}

/** The access failure inside a kafkajs error (retries exhausted wrap it), as a KafkaAccessError; anything else as it was. */
export function explainAccessFailure(err: unknown, sasl: SaslIdentity | undefined): unknown {
  for (let cause: unknown = err; cause instanceof Error; cause = cause.cause) {
    if (cause.name === "KafkaJSSASLAuthenticationError") {
      const who = sasl ? `${sasl.mechanism.toUpperCase()} authentication failed for user "${sasl.username}"` : "SASL authentication failed";
      const reason = cause.message.replace(/^SASL [\w ]+ authentication failed: /, "");
      return new KafkaAccessError(`Kafka refused the credentials: ${who} (${reason}); check KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`, "KAFKA_AUTH_FAILED", {
        cause: err,
      });
    }
    const { code, type } = cause as { code?: unknown; type?: unknown };
    if (cause.name === "KafkaJSProtocolError" && typeof type === "string" && SASL_HANDSHAKE_REFUSED.has(type)) {
      return new KafkaAccessError(
        `Kafka refused the SASL handshake: ${cause.message} (${type}); check that KAFKA_BROKERS names the brokers' SASL listener and KAFKA_SASL_MECHANISM one it enables`,
        "KAFKA_AUTH_FAILED",
        { cause: err },
      );
    }
    if (cause.name === "KafkaJSConnectionError" && typeof code === "string" && (TLS_CODE.test(code) || TLS_CUT_OFF.test(cause.message))) {
      const reason = cause.message.replace(/^Connection error: /, "");
      return new KafkaAccessError(
        `TLS with Kafka failed: ${reason} (${code}); check KAFKA_SSL, KAFKA_SSL_CA_FILE and that KAFKA_BROKERS names the brokers' TLS listener`,
        "KAFKA_TLS_FAILED",
        { cause: err },
      );
    }
  }
  return err;
}
