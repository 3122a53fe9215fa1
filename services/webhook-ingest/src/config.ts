import { z } from "zod";
import { checkKafkaSecurity, durationEnv, httpEnv, intEnv, kafkaEnv, listEnv, loadConfig, logEnv } from "@sunseo/config";
import { parseCidrList } from "./ip-filter.js";

const cidrListEnv = listEnv.transform((items, ctx) => {
  try {
    parseCidrList(items);
    return items;
  } catch (err) {
    ctx.addIssue({ code: "custom", message: (err as Error).message });
    return z.NEVER;
  }
});

const configSchemaFields = z.object({
  ...logEnv,
  ...kafkaEnv,
  ...httpEnv(8080),
  /** /healthz, /readyz and /metrics, kept off the public port. */
  OPS_PORT: intEnv(9103, { min: 0, max: 65535 }),
  /** Registered with the gateway as the last URL segment or sent in the WEBHOOK_SECRET_HEADER header (libs/contracts). */
  WEBHOOK_SECRET: z.string().min(16, "at least 16 characters"),
  /** Client addresses allowed to push (CIDRs or single IPs); empty = any address. */
  WEBHOOK_ALLOWED_CIDRS: cidrListEnv,
  /** Reverse proxies whose X-Forwarded-For is believed (CIDRs or IPs); empty = none, the socket address counts. */
  WEBHOOK_TRUSTED_PROXIES: cidrListEnv,
  WEBHOOK_BODY_LIMIT_BYTES: intEnv(16_384, { min: 1_024, max: 1_048_576 }),
  /** How long a push waits for Kafka's acknowledgement before it is answered 503. */
  WEBHOOK_PRODUCE_TIMEOUT: durationEnv("5s"),
  /** Most reports in one produce call. */
  WEBHOOK_BATCH_MAX: intEnv(1_000, { min: 1, max: 10_000 }),
  /** How often /readyz re-checks that the broker answers and the report topic exists. */
  WEBHOOK_HEALTH_INTERVAL: durationEnv("5s"),
});
export const configSchema = configSchemaFields.superRefine(checkKafkaSecurity);
export type Config = z.infer<typeof configSchema>;

export const readConfig = (env: Record<string, string | undefined> = process.env): Config => loadConfig(configSchema, env);
