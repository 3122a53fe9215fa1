import { z } from "zod";
import { checkKafkaSecurity, durationEnv, httpEnv, intEnv, kafkaEnv, loadConfig, logEnv, redisEnv } from "@sunseo/config";
import type { SendRetryPolicy } from "./outcome.js";

const configSchemaFields = z.object({
  ...logEnv,
  ...kafkaEnv,
  ...redisEnv,
  ...httpEnv(9102),
  DISPATCHER_GROUP_ID: z.string().min(1).default("sunseo-dispatcher"),
  BIZPPURIO_BASE_URL: z.url().default("http://127.0.0.1:9200"),
  BIZPPURIO_ACCOUNT: z.string().min(1).max(20),
  BIZPPURIO_PASSWORD: z.string().min(1),
  /** Messages per second for the whole account, shared by all instances (0 = unlimited). */
  BIZPPURIO_RATE_PER_SECOND: intEnv(1_000),
  BIZPPURIO_TIMEOUT: durationEnv("5s"),
  BIZPPURIO_CONNECT_TIMEOUT: durationEnv("2s"),
  BIZPPURIO_TOKEN_REFRESH_AHEAD: durationEnv("10m"),
  BIZPPURIO_MAX_SOCKETS: intEnv(64, { min: 1 }),
  /** Attempts in place (the partition keeps moving for other phones meanwhile). */
  DISPATCH_INPLACE_ATTEMPTS: intEnv(2, { min: 1, max: 10 }),
  /** Later retries of a transient failure, each after a longer backoff, before giving up. */
  DISPATCH_DELAYED_RETRIES: intEnv(4, { min: 0, max: 20 }),
  DISPATCH_RETRY_BASE: durationEnv("1s"),
  DISPATCH_RETRY_MAX: durationEnv("30s"),
  /** Dispatch commands being processed at once per instance (backpressure beyond it). */
  DISPATCH_MAX_IN_FLIGHT: intEnv(512, { min: 1 }),
  /** How long the refkey ledger remembers a send (replays older than this would send again). */
  DISPATCH_LEDGER_TTL: durationEnv("7d"),
  /** A member silent this long is presumed dead and its partitions move: the pause a crash costs (the broker's minimum is 6s). */
  DISPATCHER_SESSION_TIMEOUT: durationEnv("6s"),
});
export const configSchema = configSchemaFields.superRefine(checkKafkaSecurity);
export type Config = z.infer<typeof configSchema>;

export const readConfig = (env: Record<string, string | undefined> = process.env): Config => loadConfig(configSchema, env);

/** In place, the partition keeps moving for other phones: short waits, a fixed budget. Later retries follow the config. */
export const sendRetryPolicy = (
  config: Pick<Config, "DISPATCH_INPLACE_ATTEMPTS" | "DISPATCH_DELAYED_RETRIES" | "DISPATCH_RETRY_BASE" | "DISPATCH_RETRY_MAX">,
): SendRetryPolicy => ({
  inPlace: { attempts: config.DISPATCH_INPLACE_ATTEMPTS, baseMs: 100, maxMs: 1_000 },
  delayedRetries: config.DISPATCH_DELAYED_RETRIES,
  delayed: { baseMs: config.DISPATCH_RETRY_BASE, maxMs: config.DISPATCH_RETRY_MAX },
});
