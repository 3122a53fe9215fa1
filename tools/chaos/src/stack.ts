import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { DEMO_FAULTS, SIM_ACCOUNT, SIM_PASSWORD } from "@sunseo/demo";
import { freePort } from "@sunseo/infra";
import { startHttpFaultProxy, startTcpProxy, type HttpFaultProxy, type TcpProxy } from "@sunseo/testing";
import type { RedisPath, ServiceKind } from "./schedule.js";
import { superviseMember, type Member } from "./supervisor.js";
import { SIMULATOR_MAIN } from "@sunseo/bizppurio-sim";
import { reportUrl } from "@sunseo/contracts";

export interface StackOptions {
  repoRoot: string;
  logDir: string;
  brokers: string[];
  redisUrl: string;
  topicPrefix: string;
  redisPrefix: string;
  flowsFile: string;
  senderKey: string;
  alertWebhookUrl: string;
  simSeed: number;
}

export interface Stack {
  simUrl: string;
  /** The sequencers' consumer group id. */
  sequencerGroup: string;
  sim: Member;
  /** Every sunseo service member, in start order. */
  services: Member[];
  member(service: ServiceKind, index: number): Member;
  /** Between Redis and the sequencers, and between Redis and the dispatchers. */
  redisProxies: Record<RedisPath, TcpProxy>;
  /** Between the simulator's report pushes and webhook-ingest. */
  webhookProxy: HttpFaultProxy;
  stop(): Promise<void>;
}

/** Session timeouts are the services' defaults, spelled out: the campaign's resume promise rests on them. */
const SESSION_TIMEOUT = "6s";

/**
 * The simulator and 2 sequencers, 2 dispatchers, 1 webhook-ingest and 1 alerter, each its own
 * supervised process wired only by environment, with the campaign's proxies in the paths it
 * breaks: Redis for the sequencers and for the dispatchers, report pushes for webhook-ingest.
 */
export async function startStack(o: StackOptions): Promise<Stack> {
  const sequencerGroup = `${o.topicPrefix}sequencer`;
  const ports = await Promise.all(Array.from({ length: 8 }, freePort));
  const [simPort, ingestPort, ingestOps, sequencer1, sequencer2, dispatcher1, dispatcher2, alerterOps] = ports as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const redisTarget = new URL(o.redisUrl);
  const target = { host: redisTarget.hostname, port: Number(redisTarget.port) };
  const redisProxies: Record<RedisPath, TcpProxy> = { sequencer: await startTcpProxy({ target }), dispatcher: await startTcpProxy({ target }) };
  const webhookProxy = await startHttpFaultProxy({ target: `http://127.0.0.1:${ingestPort}` });
  const secret = randomUUID().replace(/-/g, "");
  const common = {
    KAFKA_BROKERS: o.brokers.join(","),
    SUNSEO_TOPIC_PREFIX: o.topicPrefix,
    SUNSEO_REDIS_PREFIX: o.redisPrefix,
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
  };
  const member = (service: string, index: number, env: Record<string, string>, readyUrl: string, restart = true) =>
    superviseMember({ service, index, script: mainScript(o.repoRoot, service), env, readyUrl, logDir: o.logDir, cwd: o.repoRoot, restart });
  const ready = (port: number, path = "/readyz") => `http://127.0.0.1:${port}${path}`;

  const sim = member(
    "bizppurio-sim",
    1,
    {
      HOST: "127.0.0.1",
      PORT: String(simPort),
      LOG_LEVEL: "warn",
      SIM_ACCOUNT,
      SIM_PASSWORD,
      // The operator registers this URL (secret included) with the gateway; the fault proxy stands in front of it.
      SIM_WEBHOOK_URL: reportUrl(webhookProxy.url, secret),
      SIM_SEED: String(o.simSeed),
      SIM_FAULTS: JSON.stringify(DEMO_FAULTS),
    },
    ready(simPort, "/healthz"),
    false,
  );
  const sequencer = (index: number, port: number) =>
    member(
      "sequencer",
      index,
      {
        ...common,
        REDIS_URL: redisProxies.sequencer.url("redis"),
        PORT: String(port),
        SUNSEO_FLOWS_FILE: o.flowsFile,
        BIZPPURIO_SENDER_KEY: o.senderKey,
        SEQUENCER_GROUP_ID: sequencerGroup,
        // Longer than the broker outage, so a report re-pushed into it is asked for again before the step gives up.
        SEQUENCER_REPORT_GRACE: "30s",
        SEQUENCER_REPORT_REQUESTS: "3",
        SEQUENCER_SESSION_TIMEOUT: SESSION_TIMEOUT,
      },
      ready(port),
    );
  const dispatcher = (index: number, port: number) =>
    member(
      "dispatcher",
      index,
      {
        ...common,
        REDIS_URL: redisProxies.dispatcher.url("redis"),
        PORT: String(port),
        BIZPPURIO_BASE_URL: `http://127.0.0.1:${simPort}`,
        BIZPPURIO_ACCOUNT: SIM_ACCOUNT,
        BIZPPURIO_PASSWORD: SIM_PASSWORD,
        DISPATCHER_GROUP_ID: `${o.topicPrefix}dispatcher`,
        DISPATCHER_SESSION_TIMEOUT: SESSION_TIMEOUT,
      },
      ready(port),
    );
  const services = [
    member("webhook-ingest", 1, { ...common, PORT: String(ingestPort), OPS_PORT: String(ingestOps), WEBHOOK_SECRET: secret }, ready(ingestOps)),
    sequencer(1, sequencer1),
    sequencer(2, sequencer2),
    dispatcher(1, dispatcher1),
    dispatcher(2, dispatcher2),
    member(
      "alerter",
      1,
      {
        ...common,
        REDIS_URL: o.redisUrl,
        PORT: String(alerterOps),
        DISCORD_WEBHOOK_URL: o.alertWebhookUrl,
        ALERTER_GROUP_ID: `${o.topicPrefix}alerter`,
        ALERT_BURST_WINDOW: "5s",
      },
      ready(alerterOps),
    ),
  ];
  const stop = async () => {
    await Promise.all(services.map((m) => m.stop()));
    await sim.stop();
    await Promise.all([redisProxies.sequencer.close(), redisProxies.dispatcher.close(), webhookProxy.close()]);
  };
  try {
    await Promise.all([sim, ...services].map((m) => m.waitReady(120_000)));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    simUrl: `http://127.0.0.1:${simPort}`,
    sequencerGroup,
    sim,
    services,
    member(service, index) {
      const found = services.find((m) => m.label === `${service}-${index}`);
      if (!found) throw new Error(`no member ${service}-${index} in the stack`);
      return found;
    },
    redisProxies,
    webhookProxy,
    stop,
  };
}

/** The simulator is a tool, not a deployed service: its package says where its entry point is. */
const mainScript = (repoRoot: string, service: string) =>
  service === "bizppurio-sim" ? SIMULATOR_MAIN : join(repoRoot, "services", service, "dist", "main.js");
