import { z } from "zod";
import { kafkaEnv, loadConfig, logEnv, redisEnv } from "@sunseo/config";

/** The same variables the services read, so the CLI points at whatever the services use. */
export const cliConfigSchema = z.object({
  ...kafkaEnv,
  ...redisEnv,
  // The CLI reports a failure as one line on stderr; client logs (kafkajs retries) only when asked for.
  LOG_LEVEL: logEnv.LOG_LEVEL.unwrap().default("silent"),
});

export type CliConfig = z.infer<typeof cliConfigSchema>;

export const loadCliConfig = (env: Record<string, string | undefined> = process.env): CliConfig => loadConfig(cliConfigSchema, env);
