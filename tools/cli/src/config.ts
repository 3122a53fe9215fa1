import { z } from "zod";
import { checkKafkaSecurity, kafkaEnv, loadConfig, logEnv, redisEnv, topicsEnv } from "@sunseo/config";

/** The same variables the services read, so the CLI points at whatever the services use. */
const cliConfigSchemaFields = z.object({
  ...kafkaEnv,
  ...redisEnv,
  // What `topics check` compares the topics with: the same variables `npm run topics` reads.
  ...topicsEnv,
  // The CLI reports a failure as one line on stderr; client logs (kafkajs retries) only when asked for.
  LOG_LEVEL: logEnv.LOG_LEVEL.unwrap().default("silent"),
  // The sequencer's catalog; only `start` reads it (to refuse what the sequencer would refuse).
  SUNSEO_FLOWS_FILE: z.string().min(1).optional(),
});
export const cliConfigSchema = cliConfigSchemaFields.superRefine(checkKafkaSecurity);

export type CliConfig = z.infer<typeof cliConfigSchema>;

export const loadCliConfig = (env: Record<string, string | undefined> = process.env): CliConfig => loadConfig(cliConfigSchema, env);
