import { z } from "zod";
import { checkKafkaSecurity, durationEnv, httpEnv, intEnv, kafkaEnv, loadConfig, logEnv, redisEnv } from "@sunseo/config";

const webhookUrl = z.url({ protocol: /^https?$/ }).optional();

const configSchemaFields = z.object({
  ...logEnv,
  ...kafkaEnv,
  ...redisEnv,
  ...httpEnv(9104),
  /** Sinks: each one set receives every alert. None set = log-only (a warning at boot says so). */
  DISCORD_WEBHOOK_URL: webhookUrl,
  SLACK_WEBHOOK_URL: webhookUrl,
  ALERTER_GROUP_ID: z.string().min(1).default("sunseo-alerter"),
  /** A member silent this long is presumed dead and its partitions move (the broker's minimum is 6s). */
  ALERTER_SESSION_TIMEOUT: durationEnv("6s"),
  /** More alerts than this within ALERT_BURST_WINDOW are folded into one summary per window. */
  ALERT_BURST_LIMIT: intEnv(10, { min: 1, max: 1000 }),
  ALERT_BURST_WINDOW: durationEnv("1m"),
  /** Posts per alert and sink (the first try included) before the alert goes to the dlq. */
  ALERT_MAX_ATTEMPTS: intEnv(5, { min: 1, max: 20 }),
  /** First backoff after a 5xx or network error; doubles per attempt. */
  ALERT_RETRY_BASE: durationEnv("1s"),
  /** Longest wait honoured (Retry-After or backoff); a sink asking for more is treated as down. */
  ALERT_MAX_RETRY_WAIT: durationEnv("60s"),
  /** After a sink failed an alert, alerts get one try only for this long, so an outage cannot stall the partition. */
  ALERT_SINK_COOLDOWN: durationEnv("2m"),
  ALERT_HTTP_TIMEOUT: durationEnv("10s"),
  /** How long an alertId is remembered, so a replayed alert is not sent twice. */
  ALERT_DEDUPE_TTL: durationEnv("7d"),
  /** The console's address as operators open it: alerts link to their flow's page, summaries to the alerts page. */
  CONSOLE_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
});
export const configSchema = configSchemaFields.superRefine(checkKafkaSecurity);
export type Config = z.infer<typeof configSchema>;

export const readConfig = (env: Record<string, string | undefined> = process.env): Config => loadConfig(configSchema, env);
