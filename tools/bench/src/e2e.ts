import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deliveriesPerSecond, startStack, stepGaps, type AckedPush, type GatewayRequest, type Stack } from "@sunseo/demo";
import { createFlowClientFor, type FlowClient } from "@sunseo/flow-client";
import { parseCatalog } from "@sunseo/flows";
import { down, provisionTopics, removeTopics, SINGLE_BROKER, up } from "@sunseo/infra";
import { BatchingProducer, createKafka, createSerialProducer } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";
import { LOADS, startLoad, STEPS_PER_FLOW, type Load } from "./loads.js";
import { measureRelay, type RelayResult } from "./relay.js";
import { stageFigures, type StageFigure } from "./stages.js";
import { percentile } from "./stats.js";
import { pidListeningOn, readUsage } from "./usage.js";

const CATALOG = `from: "02-1234-5678"
senderKey: \${BIZPPURIO_SENDER_KEY}
flows:
  bench:
    steps:
      - { name: one, template: BENCH_1, text: "#{n} 1", timeout: 10m }
      - { name: two, template: BENCH_2, text: "#{n} 2", timeout: 10m }
      - { name: three, template: BENCH_3, text: "#{n} 3", timeout: 10m }
`;

export interface LoadResult {
  load: Load;
  gaps: { p50: number; p90: number; p99: number; max: number; count: number };
  deliveriesPerSecond: number;
  stages: StageFigure[];
  /** Per process: peak RSS during the whole run so far, and CPU spent per step of this load. */
  usage: { name: string; peakRssMb: number; cpuMsPerStep: number }[];
  seconds: number;
}

export interface BenchResult {
  relay: RelayResult;
  loads: LoadResult[];
}

/**
 * The whole stack as separate processes (the demo's), with a simulator that delivers within
 * 1-5 ms, then each load in turn, measured at the simulator from its own clock; and in the
 * same run the bare two-hop Kafka relay on the same broker.
 */
export async function runBench({
  repoRoot,
  log,
  loads = LOADS,
  nodeOptions,
}: {
  repoRoot: string;
  log: (line: string) => void;
  loads?: Load[];
  nodeOptions?: string;
}): Promise<BenchResult> {
  const run = Date.now().toString(36);
  const dir = join(repoRoot, ".local", "bench", run);
  mkdirSync(dir, { recursive: true });
  const infra = await up(process.env, (line) => log(`infra   ${line}`));
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const { brokers } = infra.state.kafka;
    const topicPrefix = `bench.${run}.`;
    // The run's own throwaway topics: one copy is enough on any broker.
    await provisionTopics({ brokers, prefix: topicPrefix, partitions: 12, ...SINGLE_BROKER }, (line) => log(`infra   ${line}`));
    // Run last: every process reading or writing them has stopped by then.
    cleanups.push(() => removeTopics({ brokers, prefix: topicPrefix }));
    const flowsFile = join(dir, "flows.yaml");
    writeFileSync(flowsFile, CATALOG);
    const logger = createLogger({ name: "bench", level: "warn" });
    const kafka = createKafka({ brokers, clientId: "sunseo-bench", logger });

    log("relay   the bare kafkajs two-hop relay on the same broker ...");
    const relay = await measureRelay(kafka);
    log(`relay   p50 ${relay.p50.toFixed(1)} ms, p99 ${relay.p99.toFixed(1)} ms (${relay.samples} messages)`);

    log(`stack   starting the simulator and the four services (logs: ${dir}) ...`);
    const stack = await startStack({
      repoRoot,
      brokers,
      redisUrl: infra.state.redis.url,
      topicPrefix,
      redisPrefix: `bench:${run}:`,
      flowsFile,
      senderKey: "bench",
      alertWebhookUrl: "http://127.0.0.1:9/unused",
      simSeed: 1,
      simFaults: { delivery: { minMs: 1, maxMs: 5 } },
      logDir: dir,
      serviceEnv: withNodeOptions({ dispatcher: { BIZPPURIO_RATE_PER_SECOND: "0" }, sequencer: { SEQUENCER_REPORT_GRACE: "2m" } }, nodeOptions),
    });
    cleanups.push(() => stack.stop());
    const serial = createSerialProducer(kafka);
    const batching = new BatchingProducer(serial);
    const client: FlowClient = createFlowClientFor(
      { connect: () => serial.connect(), send: (m) => batching.send(m), disconnect: () => serial.disconnect() },
      { topicPrefix, catalog: parseCatalog(CATALOG, { BIZPPURIO_SENDER_KEY: "bench" }) },
    );
    await client.connect();
    cleanups.push(() => client.disconnect());

    // Connections, the token, JIT: the first flows pay for them; measured loads come after.
    log("load    warm-up: 200 flows at 50/s ...");
    await measureLoad(stack, client, { name: "idle", firstPhone: 900_000, flows: 200, perSecond: 50, what: "warm-up" }, `${run}w`, []);
    // The broker and Redis do part of every step's work on the same cores: their CPU counts too.
    const infraPids = [
      { name: "kafka broker", pid: pidListeningOn(Number(brokers[0]!.split(":")[1])) },
      { name: "redis", pid: pidListeningOn(Number(new URL(infra.state.redis.url).port || 6379)) },
    ].flatMap(({ name, pid }) => (pid === undefined ? [] : [{ name, pid }]));
    const measured = [...stack.processes.map((p) => ({ name: p.name, pid: p.child.pid! })), ...infraPids];
    const results: LoadResult[] = [];
    for (const load of loads) {
      log(`load    ${load.name}: ${load.what} (${load.flows * STEPS_PER_FLOW} steps) ...`);
      results.push(await measureLoad(stack, client, load, run, measured));
      const r = results[results.length - 1]!;
      log(`load    ${load.name}: step gap p50 ${r.gaps.p50.toFixed(1)} ms, p99 ${r.gaps.p99.toFixed(1)} ms; ${r.deliveriesPerSecond.toFixed(0)} deliveries/s`);
    }
    return { relay, loads: results };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    if (infra.started.kafka || infra.started.redis) await down({ only: infra.started }, (line) => log(`infra   ${line}`));
  }
}

async function measureLoad(stack: Stack, client: FlowClient, load: Load, run: string, measured: { name: string; pid: number }[]): Promise<LoadResult> {
  await fetch(`${stack.simUrl}/sim/reset`, { method: "POST" });
  const before = await scrape(stack);
  const usageBefore = new Map(measured.map((p) => [p.name, readUsage(p.pid)]));
  const t0 = Date.now();
  await startLoad(client, load, run);
  const expected = load.flows * STEPS_PER_FLOW;
  const deadline = Date.now() + 10 * 60_000;
  // The counter only while waiting: fetching the whole push log every poll would load the simulator and skew what is measured.
  while (Date.now() < deadline) {
    const { pushes } = (await (await fetch(`${stack.simUrl}/sim/stats`)).json()) as { pushes: number };
    if (pushes >= expected) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const seconds = (Date.now() - t0) / 1000;
  const pushes = (await (await fetch(`${stack.simUrl}/sim/pushes`)).json()) as AckedPush[];
  const requests = ((await (await fetch(`${stack.simUrl}/sim/requests?path=/v3/message`)).json()) as (GatewayRequest & { status: number })[]).filter(
    (r) => r.status === 200 && r.refkey,
  );
  const after = await scrape(stack);
  const gaps = stepGaps(pushes, requests);
  const steps = new Set(pushes.map((p) => p.refkey)).size;
  return {
    load,
    gaps: { p50: percentile(gaps, 50), p90: percentile(gaps, 90), p99: percentile(gaps, 99), max: Math.max(...gaps), count: gaps.length },
    deliveriesPerSecond: deliveriesPerSecond(pushes),
    stages: stageFigures(before, after),
    usage: measured.map((p) => {
      const now = readUsage(p.pid);
      return { name: p.name, peakRssMb: now.peakRssMb, cpuMsPerStep: ((now.cpuSeconds - usageBefore.get(p.name)!.cpuSeconds) * 1000) / Math.max(1, steps) };
    }),
    seconds,
  };
}

async function scrape(stack: Stack): Promise<Record<string, string>> {
  const entries = await Promise.all(Object.entries(stack.metricsUrls).map(async ([name, url]) => [name, await (await fetch(url)).text()] as const));
  return Object.fromEntries(entries);
}

/** NODE_OPTIONS for every process of the stack (e.g. --cpu-prof to see where a step's CPU goes). */
function withNodeOptions(env: Record<string, Record<string, string>>, nodeOptions: string | undefined): Record<string, Record<string, string>> {
  if (!nodeOptions) return env;
  const names = ["bizppurio-sim", "webhook-ingest", "sequencer", "dispatcher", "alerter"];
  return Object.fromEntries(names.map((name) => [name, { ...env[name], NODE_OPTIONS: nodeOptions }]));
}
