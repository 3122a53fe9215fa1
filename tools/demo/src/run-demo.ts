import { join } from "node:path";
import { SIMULATOR_MAIN } from "@sunseo/bizppurio-sim";
import { topicName, topics } from "@sunseo/contracts";
import { createFlowClient } from "@sunseo/flow-client";
import { down, provisionTopics, removeTopics, SINGLE_BROKER, up } from "@sunseo/infra";
import { createKafka } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";
import { createRedis } from "@sunseo/redis";
import { startAlertSink } from "./alert-sink.js";
import type { Catalog } from "@sunseo/flows";
import { demoCatalog, laneByTemplate } from "./catalog.js";
import { DEMO_FAULTS } from "./faults.js";
import { observeFlows, type Terminal } from "./flow-observer.js";
import { runNaiveSender } from "./naive-sender.js";
import { collectPhones, simulatorIdle } from "./phones.js";
import { planLoad } from "./plan.js";
import { freePort } from "./ports.js";
import { startProcess } from "./processes.js";
import { SIM_ACCOUNT, SIM_PASSWORD, startStack, type ConsoleLogin, type Stack } from "./stack.js";
import { stepGaps, type AckedPush, type GatewayRequest } from "./step-gaps.js";
import { judgePhones, type PhoneVerdict } from "./verdict.js";

export interface DemoOptions {
  repoRoot: string;
  flows: number;
  seed: number;
  log: (line: string) => void;
  progress: (label: string, done: number, total: number, stepsPerSecond: number) => void;
}

export interface SideResult extends PhoneVerdict {
  flows: number;
  /** How the flows ended, as sunseo recorded it; the naive sender records nothing. */
  ended?: Record<Terminal, number>;
  alerts?: number;
  /** Of those alerts, how many reached the channel folded into summaries, and in how many summary posts. */
  folded?: { alerts: number; summaries: number };
  /** sunseo's own time per step at the gateway: its delivery report acknowledged -> the next step received (ms). */
  stepGap?: { p50: number; p99: number };
  seconds: number;
}

export interface DemoResult {
  naive: SideResult;
  sunseo: SideResult;
  logDir: string;
  simulatorUrl: string;
  /** The operators' console of this run's stack, and a login to it. */
  console: ConsoleLogin;
  /** The run's own topic prefix: its topics are deleted by stop(). */
  topicPrefix: string;
  /** Stops every process the demo started (and the infra, if it started it). Left to the caller so --keep can wait. */
  stop(): Promise<void>;
}

const SENDER_KEY = "demo-sender-key";

/**
 * The main job end to end: the same seeded load through the seed's naive sender and
 * through sunseo (simulator + four services as separate processes on a real Kafka and
 * Redis), judged by what the simulator's phones actually received.
 */
export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const runId = `${o.seed}-${Date.now().toString(36)}`;
  const logDir = join(o.repoRoot, ".local", "demo", runId);
  const topicPrefix = `demo.${runId}.`;
  const redisPrefix = `demo:${runId}:`;
  const logger = createLogger({ name: "demo", level: "warn" });
  const infra = await up(process.env, (line) => o.log(`infra   ${line}`));
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    if (infra.started.kafka || infra.started.redis) await down({ only: infra.started }, (line) => o.log(`infra   ${line}`));
  };
  try {
    const { brokers } = infra.state.kafka;
    // The run's own throwaway topics: one copy is enough on any broker.
    await provisionTopics({ brokers, prefix: topicPrefix, partitions: 12, ...SINGLE_BROKER }, (line) => o.log(`infra   ${line}`));
    // Run last: every process reading or writing them has stopped by then.
    cleanups.push(() => removeTopics({ brokers, prefix: topicPrefix }));
    const catalog = demoCatalog(join(o.repoRoot, "examples", "flows.yaml"), join(o.repoRoot, ".local", "demo", `${runId}.flows.yaml`), SENDER_KEY);
    const lanes = laneByTemplate(catalog);
    const plan = planLoad({ flows: o.flows, seed: o.seed });
    const phones = plan.map((p) => p.phone);
    const redis = createRedis({ url: infra.state.redis.url, logger });
    await redis.connect();
    cleanups.push(async () => redis.quit());

    // 1. The seed's approach against its own simulator (same seed, same faults, no webhook).
    o.log(`naive   sending ${plan.length} flows the seed's way (next step right after acceptance) ...`);
    const naiveSimPort = await freePort();
    const naiveSim = await startProcess({
      name: "bizppurio-sim-naive",
      script: SIMULATOR_MAIN,
      env: {
        HOST: "127.0.0.1",
        PORT: String(naiveSimPort),
        LOG_LEVEL: "warn",
        SIM_ACCOUNT,
        SIM_PASSWORD,
        SIM_SEED: String(o.seed),
        SIM_FAULTS: JSON.stringify(DEMO_FAULTS),
      },
      readyUrl: `http://127.0.0.1:${naiveSimPort}/healthz`,
      logDir,
      cwd: o.repoRoot,
    });
    cleanups.push(() => naiveSim.stop());
    const naiveUrl = `http://127.0.0.1:${naiveSimPort}`;
    const naiveStarted = Date.now();
    let naiveSteps = 0;
    const totalSteps = plan.reduce((n, p) => n + catalog.flows.get(p.flow)!.steps.length, 0);
    await runNaiveSender({
      plan,
      catalog,
      simUrl: naiveUrl,
      redis,
      redisPrefix,
      logger,
      onStep: () => o.progress("naive ", ++naiveSteps, totalSteps, rate(naiveSteps, naiveStarted)),
    });
    await simulatorIdle(naiveUrl);
    const naiveSeconds = (Date.now() - naiveStarted) / 1000;
    const naiveVerdict = judgePhones(await collectPhones(naiveUrl, phones, lanes));
    await naiveSim.stop();

    // 2. sunseo: the same load through flow-start, as a domain service would send it.
    o.log(`sunseo  starting the simulator, the four services and the console (logs: ${logDir}) ...`);
    const sink = await startAlertSink();
    cleanups.push(() => sink.close());
    const stack: Stack = await startStack({
      repoRoot: o.repoRoot,
      brokers,
      redisUrl: infra.state.redis.url,
      topicPrefix,
      redisPrefix,
      flowsFile: join(o.repoRoot, ".local", "demo", `${runId}.flows.yaml`),
      senderKey: SENDER_KEY,
      alertWebhookUrl: sink.url,
      simSeed: o.seed,
      simFaults: DEMO_FAULTS,
      logDir,
      withConsole: true,
    });
    cleanups.push(() => stack.stop());
    const kafka = createKafka({ brokers, clientId: "sunseo-demo", logger });
    const observer = await observeFlows(kafka, topicName(topicPrefix, topics.flowEvent), `${topicPrefix}demo-observer`);
    cleanups.push(() => observer.stop());
    const client = createFlowClient({ kafka, topicPrefix, catalog });
    await client.connect();
    cleanups.push(() => client.disconnect());

    o.log(`sunseo  starting ${plan.length} flows through the flow-start topic ...`);
    const started = Date.now();
    await Promise.all(plan.map((p) => client.startFlow({ flow: p.flow, phone: p.phone, variables: p.variables, idempotencyKey: p.idempotencyKey })));
    const cancels = plan
      .filter((p) => p.cancelAfterMs !== undefined)
      .map(
        (p) =>
          new Promise<void>((resolve) =>
            setTimeout(
              () => void client.cancelFlow({ phone: p.phone, idempotencyKey: p.idempotencyKey, reason: "demo: cancelled midway" }).then(resolve, resolve),
              p.cancelAfterMs,
            ),
          ),
      );
    const deadline = Date.now() + 10 * 60_000;
    while (observer.ended() < plan.length) {
      if (Date.now() > deadline) throw new Error(`only ${observer.ended()} of ${plan.length} flows ended within 10 minutes (logs: ${logDir})`);
      o.progress("sunseo", observer.ended(), plan.length, rate(observer.stepsDelivered(), started));
      await new Promise((r) => setTimeout(r, 250));
    }
    await Promise.all(cancels);
    const sunseoSeconds = (Date.now() - started) / 1000;
    o.progress("sunseo", plan.length, plan.length, rate(observer.stepsDelivered(), started));
    await simulatorIdle(stack.simUrl);
    // The alerter posts asynchronously and folds bursts into a summary per window: wait (bounded) until every failed or timed-out flow reached the channel.
    const { failed, timed_out } = observer.counts();
    const alertDeadline = Date.now() + 90_000;
    while (sink.alerts().total < failed + timed_out && Date.now() < alertDeadline) await new Promise((r) => setTimeout(r, 250));
    const alerts = sink.alerts();
    if (alerts.total < failed + timed_out)
      o.log(`sunseo  only ${alerts.total} of ${failed + timed_out} failed or timed-out flows reached the alert channel within 90 s`);
    const sunseoVerdict = judgePhones(await collectPhones(stack.simUrl, phones, lanes));
    const gaps = await measureStepGaps(stack.simUrl, catalog);

    return {
      logDir,
      simulatorUrl: stack.simUrl,
      console: stack.console!,
      topicPrefix,
      stop,
      naive: { ...naiveVerdict, flows: plan.length, seconds: naiveSeconds },
      sunseo: {
        ...sunseoVerdict,
        flows: plan.length,
        ended: observer.counts(),
        alerts: alerts.total,
        folded: { alerts: alerts.summarised, summaries: alerts.summaries },
        stepGap: { p50: percentile(gaps, 50), p99: percentile(gaps, 99) },
        seconds: sunseoSeconds,
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

const rate = (count: number, since: number) => count / Math.max(0.001, (Date.now() - since) / 1000);

/** From the simulator's own logs: every delivery report webhook-ingest acknowledged, to the next step's request (less the catalog's delay before it). */
async function measureStepGaps(simUrl: string, catalog: Catalog): Promise<number[]> {
  const delays = new Map<string, number>();
  for (const flow of catalog.flows.values()) for (const step of flow.steps) delays.set(step.template, step.delayMs);
  const pushes = (await (await fetch(`${simUrl}/sim/pushes`)).json()) as AckedPush[];
  const requests = ((await (await fetch(`${simUrl}/sim/requests?path=/v3/message`)).json()) as (GatewayRequest & { status: number })[]).filter(
    (r) => r.status === 200 && r.refkey,
  );
  return stepGaps(pushes, requests, (template) => delays.get(template ?? "") ?? 0);
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
