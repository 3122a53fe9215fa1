import { z } from "zod";
import { checkKafkaSecurity, durationEnv, httpEnv, intEnv, kafkaEnv, loadConfig, logEnv, redisEnv } from "@sunseo/config";

const configSchemaFields = z.object({
  ...logEnv,
  ...kafkaEnv,
  ...redisEnv,
  ...httpEnv(9101),
  SUNSEO_FLOWS_FILE: z.string().min(1, "path of the flow catalog (YAML), e.g. examples/flows.yaml"),
  SEQUENCER_GROUP_ID: z.string().min(1).default("sunseo-sequencer"),
  SUNSEO_RETENTION: durationEnv("7d"),
  SEQUENCER_REPORT_GRACE: durationEnv("2m"),
  /** Re-requests of an overdue report within the grace: one lost re-push (a broker outage) must not end the flow. */
  SEQUENCER_REPORT_REQUESTS: intEnv(3, { min: 1, max: 20 }),
  SEQUENCER_TIMER_POLL: durationEnv("250ms"),
  SEQUENCER_CONCURRENCY: intEnv(12, { min: 1, max: 64 }),
  /** A member silent this long is presumed dead and its partitions move: the pause a crash costs (the broker's minimum is 6s). */
  SEQUENCER_SESSION_TIMEOUT: durationEnv("6s"),
});
export const configSchema = configSchemaFields.superRefine(checkKafkaSecurity);
export type SequencerConfig = z.infer<typeof configSchema>;

export const readConfig = (env: Record<string, string | undefined> = process.env): SequencerConfig => loadConfig(configSchema, env);
