import { readFileSync } from "node:fs";
import { z } from "zod";

/**
 * How the services reach a secured Kafka (TLS, SASL) such as MSK or Confluent Cloud, read
 * from the environment with the rest of the config. Files are read at load time, so a
 * missing or unreadable certificate stops the boot with its variable's name instead of
 * failing on the first connection.
 */

export const SASL_MECHANISMS = ["plain", "scram-sha-256", "scram-sha-512"] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

const FLAGS: Record<string, boolean> = { true: true, "1": true, yes: true, false: false, "0": false, no: false, "": false };

/** A yes/no variable: true/false, 1/0 or yes/no. */
export const flagEnv = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return fallback;
      const flag = FLAGS[text.trim().toLowerCase()];
      if (flag !== undefined) return flag;
      ctx.addIssue({ code: "custom", message: "expected true or false" });
      return z.NEVER;
    });

/** A PEM file given by its path: its text, read once at load. */
export interface PemFile {
  path: string;
  pem: string;
}

const pemFileEnv = z
  .string()
  .min(1)
  .transform((path, ctx): PemFile => {
    let pem: string;
    try {
      pem = readFileSync(path, "utf8");
    } catch (err) {
      ctx.addIssue({ code: "custom", message: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
      return z.NEVER;
    }
    if (!pem.includes("-----BEGIN ")) {
      ctx.addIssue({ code: "custom", message: "not a PEM file (no -----BEGIN line)" });
      return z.NEVER;
    }
    return { path, pem };
  });

const mechanismEnv = z
  .string()
  .transform((text) => text.trim().toLowerCase())
  // Kafka's own spelling (SCRAM-SHA-512) and kafkajs' (scram-sha-512) are both accepted.
  .pipe(z.enum(SASL_MECHANISMS, { error: `expected one of ${SASL_MECHANISMS.join(", ")} (any case)` }));

/** An optional variable that is blank (`KAFKA_SSL_CA_FILE=` in an env file) counts as unset. */
const unlessBlank = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

export const kafkaSecurityEnv = {
  /** TLS to the brokers; without a CA file the system trust store verifies them. */
  KAFKA_SSL: flagEnv(false),
  KAFKA_SSL_CA_FILE: unlessBlank(pemFileEnv),
  /** A client certificate and its key, for brokers that authenticate clients by TLS (mTLS). */
  KAFKA_SSL_CERT_FILE: unlessBlank(pemFileEnv),
  KAFKA_SSL_KEY_FILE: unlessBlank(pemFileEnv),
  KAFKA_SASL_MECHANISM: unlessBlank(mechanismEnv),
  KAFKA_SASL_USERNAME: unlessBlank(z.string()),
  KAFKA_SASL_PASSWORD: unlessBlank(z.string()),
};

export interface KafkaSecurityConfig {
  KAFKA_SSL: boolean;
  KAFKA_SSL_CA_FILE?: PemFile | undefined;
  KAFKA_SSL_CERT_FILE?: PemFile | undefined;
  KAFKA_SSL_KEY_FILE?: PemFile | undefined;
  KAFKA_SASL_MECHANISM?: SaslMechanism | undefined;
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
}

/** The combinations no broker accepts; add to a config schema with `.superRefine(checkKafkaSecurity)`. */
export function checkKafkaSecurity(config: KafkaSecurityConfig, ctx: z.RefinementCtx): void {
  const problem = (variable: keyof KafkaSecurityConfig, message: string) => ctx.addIssue({ code: "custom", path: [variable], message });
  if (config.KAFKA_SASL_MECHANISM !== undefined) {
    if (config.KAFKA_SASL_USERNAME === undefined) problem("KAFKA_SASL_USERNAME", `required with KAFKA_SASL_MECHANISM=${config.KAFKA_SASL_MECHANISM}`);
    if (config.KAFKA_SASL_PASSWORD === undefined) problem("KAFKA_SASL_PASSWORD", `required with KAFKA_SASL_MECHANISM=${config.KAFKA_SASL_MECHANISM}`);
  } else if (config.KAFKA_SASL_USERNAME !== undefined || config.KAFKA_SASL_PASSWORD !== undefined) {
    problem("KAFKA_SASL_MECHANISM", `required with KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD: one of ${SASL_MECHANISMS.join(", ")}`);
  }
  if (config.KAFKA_SSL_CERT_FILE !== undefined && config.KAFKA_SSL_KEY_FILE === undefined) problem("KAFKA_SSL_KEY_FILE", "required with KAFKA_SSL_CERT_FILE");
  if (config.KAFKA_SSL_KEY_FILE !== undefined && config.KAFKA_SSL_CERT_FILE === undefined) problem("KAFKA_SSL_CERT_FILE", "required with KAFKA_SSL_KEY_FILE");
  if (!config.KAFKA_SSL) {
    // A certificate without TLS would be ignored while the client talks plaintext to a TLS port.
    for (const variable of ["KAFKA_SSL_CA_FILE", "KAFKA_SSL_CERT_FILE", "KAFKA_SSL_KEY_FILE"] as const) {
      if (config[variable] !== undefined) problem(variable, "needs KAFKA_SSL=true");
    }
  }
}

/** TLS and SASL options in the shape kafkajs takes (`ssl`, `sasl`); empty for a plaintext broker. */
export interface KafkaSecurity {
  ssl?: { ca?: string[]; cert?: string; key?: string };
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
}

/** What `createKafka` needs besides the brokers, from a config checked by checkKafkaSecurity. */
export function kafkaSecurity(config: KafkaSecurityConfig): KafkaSecurity {
  const security: KafkaSecurity = {};
  if (config.KAFKA_SSL) {
    security.ssl = {
      ...(config.KAFKA_SSL_CA_FILE && { ca: [config.KAFKA_SSL_CA_FILE.pem] }),
      ...(config.KAFKA_SSL_CERT_FILE && { cert: config.KAFKA_SSL_CERT_FILE.pem }),
      ...(config.KAFKA_SSL_KEY_FILE && { key: config.KAFKA_SSL_KEY_FILE.pem }),
    };
  }
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = config;
  if (mechanism !== undefined && username !== undefined && password !== undefined) security.sasl = { mechanism, username, password };
  return security;
}
