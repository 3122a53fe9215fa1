import { randomBytes, randomUUID } from "node:crypto";
import { join } from "node:path";
import { freePort } from "./ports.js";
import { startProcess, type RunningProcess } from "./processes.js";
import { SIMULATOR_MAIN } from "@sunseo/bizppurio-sim";
import { reportUrl } from "@sunseo/contracts";
import { hashPassword } from "@sunseo/console";

export interface StackOptions {
  repoRoot: string;
  brokers: string[];
  redisUrl: string;
  topicPrefix: string;
  redisPrefix: string;
  flowsFile: string;
  senderKey: string;
  alertWebhookUrl: string;
  simSeed: number;
  simFaults: unknown;
  logDir: string;
  /** Settings of one service beyond the stack's own, by service name (the benchmark lifts the send rate limit). */
  serviceEnv?: Record<string, Record<string, string>>;
  /** Start the operators' console too (the demo and its browser test; the benchmark and chaos runs leave it out). */
  withConsole?: boolean;
}

export interface ConsoleLogin {
  url: string;
  user: string;
  password: string;
}

export interface Stack {
  simUrl: string;
  /** The operators' console and a login to it (a fresh password per run), when started. */
  console?: ConsoleLogin;
  processes: RunningProcess[];
  /** Each service's Prometheus endpoint, by service name (the simulator has none). */
  metricsUrls: Record<string, string>;
  stop(): Promise<void>;
}

export const SIM_ACCOUNT = "sunseo-demo";
export const SIM_PASSWORD = "sunseo-demo-password";

export const CONSOLE_USER = "operator";

/** The simulator, the four services and the console, each its own process, wired together only by environment. */
export async function startStack(o: StackOptions): Promise<Stack> {
  const [simPort, ingestPort, ingestOps, sequencerOps, dispatcherOps, alerterOps, consolePort, consoleOps] = await Promise.all(
    Array.from({ length: 8 }, freePort),
  );
  const consoleUrl = `http://127.0.0.1:${consolePort}`;
  const consolePassword = randomBytes(9).toString("base64url");
  const secret = randomUUID().replace(/-/g, "");
  const common = {
    KAFKA_BROKERS: o.brokers.join(","),
    REDIS_URL: o.redisUrl,
    SUNSEO_TOPIC_PREFIX: o.topicPrefix,
    SUNSEO_REDIS_PREFIX: o.redisPrefix,
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
  };
  // The simulator is a tool, not a deployed service: its package says where its entry point is.
  const service = (name: string) => (name === "bizppurio-sim" ? SIMULATOR_MAIN : join(o.repoRoot, "services", name, "dist", "main.js"));
  const processes: RunningProcess[] = [];
  const metricsUrls: Record<string, string> = {};
  const start = async (name: string, env: Record<string, string>, readyUrl: string) => {
    processes.push(await startProcess({ name, script: service(name), env: { ...env, ...o.serviceEnv?.[name] }, readyUrl, logDir: o.logDir, cwd: o.repoRoot }));
    if (readyUrl.endsWith("/readyz")) metricsUrls[name] = readyUrl.replace(/\/readyz$/, "/metrics");
  };
  try {
    await start(
      "bizppurio-sim",
      {
        HOST: "127.0.0.1",
        PORT: String(simPort),
        LOG_LEVEL: "warn",
        SIM_ACCOUNT,
        SIM_PASSWORD,
        // The operator registers this URL (secret included) with the gateway.
        SIM_WEBHOOK_URL: reportUrl(`http://127.0.0.1:${ingestPort}`, secret),
        SIM_SEED: String(o.simSeed),
        SIM_FAULTS: JSON.stringify(o.simFaults),
      },
      `http://127.0.0.1:${simPort}/healthz`,
    );
    await start(
      "webhook-ingest",
      { ...common, PORT: String(ingestPort), OPS_PORT: String(ingestOps), WEBHOOK_SECRET: secret },
      `http://127.0.0.1:${ingestOps}/readyz`,
    );
    await start(
      "sequencer",
      {
        ...common,
        PORT: String(sequencerOps),
        SUNSEO_FLOWS_FILE: o.flowsFile,
        BIZPPURIO_SENDER_KEY: o.senderKey,
        SEQUENCER_GROUP_ID: `${o.topicPrefix}sequencer`,
        SEQUENCER_REPORT_GRACE: "5s",
      },
      `http://127.0.0.1:${sequencerOps}/readyz`,
    );
    await start(
      "dispatcher",
      {
        ...common,
        PORT: String(dispatcherOps),
        BIZPPURIO_BASE_URL: `http://127.0.0.1:${simPort}`,
        BIZPPURIO_ACCOUNT: SIM_ACCOUNT,
        BIZPPURIO_PASSWORD: SIM_PASSWORD,
        DISPATCHER_GROUP_ID: `${o.topicPrefix}dispatcher`,
      },
      `http://127.0.0.1:${dispatcherOps}/readyz`,
    );
    await start(
      "alerter",
      {
        ...common,
        PORT: String(alerterOps),
        DISCORD_WEBHOOK_URL: o.alertWebhookUrl,
        ALERTER_GROUP_ID: `${o.topicPrefix}alerter`,
        ALERT_BURST_WINDOW: "5s",
        ...(o.withConsole ? { CONSOLE_BASE_URL: consoleUrl } : {}),
      },
      `http://127.0.0.1:${alerterOps}/readyz`,
    );
    const ops = { "webhook-ingest": ingestOps, sequencer: sequencerOps, dispatcher: dispatcherOps, alerter: alerterOps };
    if (o.withConsole) {
      await start(
        "console",
        {
          ...common,
          PORT: String(consolePort),
          OPS_PORT: String(consoleOps),
          CONSOLE_USERS: `${CONSOLE_USER}:${await hashPassword(consolePassword)}`,
          CONSOLE_SESSION_SECRET: randomBytes(32).toString("base64url"),
          CONSOLE_GROUP_ID: `${o.topicPrefix}console`,
          CONSOLE_SERVICES: Object.entries(ops)
            .map(([name, port]) => `${name}=http://127.0.0.1:${port}`)
            .join(","),
          CONSOLE_LAG_GROUPS: ["sequencer", "dispatcher", "alerter", "console"].map((name) => `${o.topicPrefix}${name}`).join(","),
        },
        `http://127.0.0.1:${consoleOps}/readyz`,
      );
    }
  } catch (err) {
    await Promise.all(processes.map((p) => p.stop()));
    throw err;
  }
  return {
    simUrl: `http://127.0.0.1:${simPort}`,
    ...(o.withConsole ? { console: { url: consoleUrl, user: CONSOLE_USER, password: consolePassword } } : {}),
    processes,
    metricsUrls,
    // Reverse order of start: intake first, the gateway last.
    stop: async () => {
      for (const p of [...processes].reverse()) await p.stop();
    },
  };
}
