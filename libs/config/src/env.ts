import { z } from "zod";
import { parseDuration } from "./duration.js";
import { parseRedisUrl } from "./redis-url.js";
import { DEFAULT_TOPIC_PREFIX } from "@sunseo/contracts";
import { kafkaSecurityEnv } from "./kafka-security.js";

/** Environment fragments shared by the services; each service composes the ones it needs. */

export const intEnv = (fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}) => z.coerce.number().int().min(min).max(max).default(fallback);

export const durationEnv = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return parseDuration(text);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
        return z.NEVER;
      }
    });

/** A comma-separated list; empty or unset means an empty list. */
export const listEnv = z
  .string()
  .default("")
  .transform((s) =>
    s
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );

export const brokersEnv = z
  .string()
  .default("127.0.0.1:9092")
  .transform((s) =>
    s
      .split(",")
      .map((b) => b.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, "each broker must be host:port")).min(1));

export const logEnv = {
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
};

export const kafkaEnv = {
  KAFKA_BROKERS: brokersEnv,
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
  /** TLS and SASL; a schema spreading kafkaEnv adds `.superRefine(checkKafkaSecurity)` for the cross-checks. */
  ...kafkaSecurityEnv,
  SUNSEO_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, "letters, digits, . _ - only")
    .default(DEFAULT_TOPIC_PREFIX),
  SUNSEO_PARTITIONS: intEnv(12, { min: 1, max: 1000 }),
};

export const redisEnv = {
  /** One server, a Sentinel-managed master or a Cluster: see redis-url.ts for the three forms. */
  REDIS_URL: z
    .string()
    .default("redis://127.0.0.1:6379")
    .superRefine((text, ctx) => {
      try {
        parseRedisUrl(text);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
      }
    }),
  // A brace in the prefix would become the hash tag of every key, putting all of them in one Cluster slot.
  SUNSEO_REDIS_PREFIX: z
    .string()
    .regex(/^[^{}]*$/, "no { or }: keys are hash-tagged by phone and partition, and a brace here would replace those tags")
    .default("sunseo:"),
};

export const httpEnv = (fallbackPort: number) => ({
  PORT: intEnv(fallbackPort, { min: 0, max: 65535 }),
  HOST: z.string().default("0.0.0.0"),
});
