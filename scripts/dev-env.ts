import { resolve } from "node:path";
import { DEFAULT_TOPIC_PREFIX, reportUrl } from "@sunseo/contracts";

/**
 * The environment that wires the services together on one machine: the simulator stands in
 * for Bizppurio on 9200 and pushes reports to webhook-ingest; the dispatcher sends to the
 * simulator. One place, so `npm run dev` and the demo start the same system. Values already
 * set in the caller's environment win (e.g. KAFKA_BROKERS from `npm run infra:up`).
 */

export type DevService = "bizppurio-sim" | "webhook-ingest" | "sequencer" | "dispatcher" | "alerter";

export const DEV_PORTS = {
  sim: 9200,
  webhook: 8080,
  sequencer: 9101,
  dispatcher: 9102,
  webhookOps: 9103,
  alerter: 9104,
} as const;

// Development-only credentials: the simulator accepts exactly these.
const SIM_ACCOUNT = "sunseo";
const SIM_PASSWORD = "sunseo-password";
const WEBHOOK_SECRET = "dev-webhook-secret-change-me";

export function devEnv(root: string, env: NodeJS.ProcessEnv = process.env): Record<DevService, Record<string, string>> {
  const pick = (name: string, fallback: string): string => env[name] ?? fallback;
  const shared = {
    LOG_LEVEL: pick("LOG_LEVEL", "info"),
    KAFKA_BROKERS: pick("KAFKA_BROKERS", "127.0.0.1:9092"),
    REDIS_URL: pick("REDIS_URL", "redis://127.0.0.1:6379"),
    SUNSEO_TOPIC_PREFIX: pick("SUNSEO_TOPIC_PREFIX", DEFAULT_TOPIC_PREFIX),
    SUNSEO_REDIS_PREFIX: pick("SUNSEO_REDIS_PREFIX", "sunseo:"),
    SUNSEO_PARTITIONS: pick("SUNSEO_PARTITIONS", "12"),
  };
  const secret = pick("WEBHOOK_SECRET", WEBHOOK_SECRET);
  const simUrl = `http://127.0.0.1:${DEV_PORTS.sim}`;
  return {
    "bizppurio-sim": {
      LOG_LEVEL: shared.LOG_LEVEL,
      PORT: String(DEV_PORTS.sim),
      SIM_ACCOUNT,
      SIM_PASSWORD,
      // webhook-ingest takes the secret as the last path segment.
      SIM_WEBHOOK_URL: reportUrl(`http://127.0.0.1:${DEV_PORTS.webhook}`, secret),
    },
    "webhook-ingest": {
      ...shared,
      PORT: String(DEV_PORTS.webhook),
      OPS_PORT: String(DEV_PORTS.webhookOps),
      WEBHOOK_SECRET: secret,
    },
    sequencer: {
      ...shared,
      PORT: String(DEV_PORTS.sequencer),
      SUNSEO_FLOWS_FILE: resolve(root, pick("SUNSEO_FLOWS_FILE", "examples/flows.yaml")),
      BIZPPURIO_SENDER_KEY: pick("BIZPPURIO_SENDER_KEY", "demo-sender-key"),
    },
    dispatcher: {
      ...shared,
      PORT: String(DEV_PORTS.dispatcher),
      BIZPPURIO_BASE_URL: pick("BIZPPURIO_BASE_URL", simUrl),
      BIZPPURIO_ACCOUNT: pick("BIZPPURIO_ACCOUNT", SIM_ACCOUNT),
      BIZPPURIO_PASSWORD: pick("BIZPPURIO_PASSWORD", SIM_PASSWORD),
    },
    alerter: {
      ...shared,
      PORT: String(DEV_PORTS.alerter),
      // No Discord/Slack URL unless the caller sets one: alerts are logged.
      ...(env.DISCORD_WEBHOOK_URL ? { DISCORD_WEBHOOK_URL: env.DISCORD_WEBHOOK_URL } : {}),
      ...(env.SLACK_WEBHOOK_URL ? { SLACK_WEBHOOK_URL: env.SLACK_WEBHOOK_URL } : {}),
    },
  };
}
