import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Kafka } from "kafkajs";
import { createFlowClient, type FlowClient } from "@sunseo/flow-client";
import { demoCatalog } from "@sunseo/demo";
import type { Catalog } from "@sunseo/flows";
import { createKafka } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";
import { startAlertSink, type AlertSink } from "./alert-sink.js";
import { observeTopics, type Observer } from "./observer.js";
import { startOwnInfra, type OwnInfra, type RedisMode } from "./own-infra.js";
import { simClient, type SimClient } from "./sim-client.js";
import { startStack, type Stack } from "./stack.js";

/** Everything one run brings up, and takes down again in reverse order. */
export interface Rig {
  runId: string;
  /** .local/chaos/<run>: the services' logs, the broker's and Redis's data, faults.log, verdict.json. */
  runDir: string;
  catalog: Catalog;
  infra: OwnInfra;
  sink: AlertSink;
  stack: Stack;
  sim: SimClient;
  kafka: Kafka;
  observer: Observer;
  client: FlowClient;
  stop(): Promise<void>;
}

const SENDER_KEY = "chaos-sender-key";
/** Longer than the broker outage (15 s), shorter than the dispatcher's pause (40 s). */
const STEP_TIMEOUT = "30s";

export async function startRig({
  repoRoot,
  seed,
  redisMode,
  label,
  kafkaNodes = 1,
  stepTimeout = STEP_TIMEOUT,
  log,
}: {
  repoRoot: string;
  seed: number;
  redisMode: RedisMode;
  label: string;
  kafkaNodes?: 1 | 3;
  /** Every step's timeout in the run's catalog. */
  stepTimeout?: string;
  log: (line: string) => void;
}): Promise<Rig> {
  const runId = `${label}-${seed}-${Date.now().toString(36)}`;
  const runDir = join(repoRoot, ".local", "chaos", runId);
  mkdirSync(runDir, { recursive: true });
  const topicPrefix = `chaos.${runId}.`;
  const flowsFile = join(runDir, "flows.yaml");
  const catalog = demoCatalog(join(repoRoot, "examples", "flows.yaml"), flowsFile, SENDER_KEY, stepTimeout);
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => log(`stop    ${err instanceof Error ? err.message : String(err)}`));
  };
  try {
    log(`infra   starting its own Kafka ${kafkaNodes === 1 ? "broker" : `cluster (${kafkaNodes} nodes)`} and Redis (run ${runId}) ...`);
    const infra = await startOwnInfra({ runDir, redisMode, topicPrefix, kafkaNodes, log: (line) => log(`infra   ${line}`) });
    cleanups.push(() => infra.stop());
    const sink = await startAlertSink();
    cleanups.push(() => sink.close());
    // The campaign's own Kafka clients (load, reader) log to a file: their errors during a broker outage are expected.
    const clientLog = createWriteStream(join(runDir, "campaign-clients.log"), { flags: "a" });
    cleanups.push(async () => clientLog.end());
    const kafka = createKafka({
      brokers: infra.brokers,
      clientId: "sunseo-chaos",
      logger: createLogger({ name: "chaos", level: "warn", destination: clientLog }),
    });
    // Joining its group first also creates the broker's offsets topic before any service boots against it.
    const observer = await observeTopics(kafka, topicPrefix, `${topicPrefix}chaos-observer`);
    cleanups.push(() => observer.stop());
    log(`stack   starting the simulator and 6 service processes (logs: ${runDir}) ...`);
    const stack = await startStack({
      repoRoot,
      logDir: runDir,
      brokers: infra.brokers,
      redisUrl: infra.redis.url,
      topicPrefix,
      redisPrefix: `chaos:${runId}:`,
      flowsFile,
      senderKey: SENDER_KEY,
      alertWebhookUrl: sink.url,
      simSeed: seed,
    });
    cleanups.push(() => stack.stop());
    const client = createFlowClient({ kafka, topicPrefix, catalog });
    await client.connect();
    cleanups.push(() => client.disconnect());
    return { runId, runDir, catalog, infra, sink, stack, sim: simClient(stack.simUrl), kafka, observer, client, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
