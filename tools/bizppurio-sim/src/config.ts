import { readFileSync } from "node:fs";
import { z } from "zod";
import { durationEnv, httpEnv, intEnv, loadConfig, logEnv } from "@sunseo/config";
import { faultConfigSchema } from "./faults.js";

export const configSchema = z.object({
  ...logEnv,
  ...httpEnv(9200),
  SIM_ACCOUNT: z.string().min(1).default("sunseo"),
  SIM_PASSWORD: z.string().min(1).default("sunseo-password"),
  /** Where reports are pushed (webhook-ingest); unset = reports are only recorded. */
  SIM_WEBHOOK_URL: z.url().optional(),
  /** Shared secret sent in webhook-ingest's secret header (WEBHOOK_SECRET_HEADER) on every push. */
  SIM_WEBHOOK_SECRET: z.string().optional(),
  SIM_TOKEN_TTL: durationEnv("24h"),
  SIM_SEED: intEnv(1),
  /** Fault configuration as JSON, or SIM_FAULTS_FILE naming a JSON file. */
  SIM_FAULTS: z.string().optional(),
  SIM_FAULTS_FILE: z.string().optional(),
});
export type Config = z.infer<typeof configSchema>;

export const readConfig = (env: Record<string, string | undefined> = process.env): Config => loadConfig(configSchema, env);

/** The fault configuration from SIM_FAULTS (inline JSON) or SIM_FAULTS_FILE; none = no faults. */
export function readFaults(config: Config): z.input<typeof faultConfigSchema> {
  const text = config.SIM_FAULTS ?? (config.SIM_FAULTS_FILE ? readFileSync(config.SIM_FAULTS_FILE, "utf8") : undefined);
  if (text === undefined) return {};
  const parsed = faultConfigSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`invalid simulator faults: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}
