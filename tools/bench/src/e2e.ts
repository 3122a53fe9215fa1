import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startStack, type Stack } from "@sunseo/demo";
import { createFlowClientFor, type FlowClient } from "@sunseo/flow-client";
import { parseCatalog } from "@sunseo/flows";
import { down, provisionTopics, up } from "@sunseo/infra";
import { BatchingProducer, createKafka, createSerialProducer } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";
import { LOADS, startLoad, STEPS_PER_FLOW, type Load } from "./loads.js";
import { measureRelay, type RelayResult } from "./relay.js";
import { stageFigures, type StageFigure } from "./stages.js";
import { percentile } from "./stats.js";
import { deliveriesPerSecond, stepGaps, type AckedPush, type GatewayRequest } from "./step-gaps.js";
import { readUsage } from "./usage.js";

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
export async function runBench({ repoRoot, log, loads = LOADS }: { repoRoot: string; log: (line: string) => void; loads?: Load[] }): Promise<BenchResult> {
  const run = Date.now().toString(36);
  const dir = join(repoRoot, ".local", "bench", run);
  mkdirSync(dir, { recursive: true });
  const infra = await up(process.env, (line) => log(`infra   ${line}`));
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const { brokers } = infra.state.kafka;
    const topicPrefix = `bench.${run}.`;
    await provisionTopics({ brokers, prefix: topicPrefix, partitions: 12 }, (line) => log(`infra   ${line}`));
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
      serviceEnv: { dispatcher: { BIZPPURIO_RATE_PER_SECOND: "0" }, sequencer: { SEQUENCER_REPORT_GRACE: "2m" } },
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

    const results: LoadResult[] = [];
    for (const load of loads) {
      log(`load    ${load.name}: ${load.what} (${load.flows * STEPS_PER_FLOW} steps) ...`);
      results.push(await measureLoad(stack, client, load, run));
      const r = results[results.length - 1]!;
      log(`load    ${load.name}: step gap p50 ${r.gaps.p50.toFixed(1)} ms, p99 ${r.gaps.p99.toFixed(1)} ms; ${r.deliveriesPerSecond.toFixed(0)} deliveries/s`);
    }
    return { relay, loads: results };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    if (infra.started.kafka || infra.started.redis) await down({ only: infra.started }, (line) => log(`infra   ${line}`));
  }
}

async function measureLoad(stack: Stack, client: FlowClient, load: Load, run: string): Promise<LoadResult> {
  await fetch(`${stack.simUrl}/sim/reset`, { method: "POST" });
  const before = await scrape(stack);
  const usageBefore = new Map(stack.processes.map((p) => [p.name, readUsage(p.child.pid!)]));
  const t0 = Date.now();
  await startLoad(client, load, run);
  const expected = load.flows * STEPS_PER_FLOW;
  const deadline = Date.now() + 10 * 60_000;
  let pushes: AckedPush[] = [];
  while (Date.now() < deadline) {
    pushes = (await (await fetch(`${stack.simUrl}/sim/pushes`)).json()) as AckedPush[];
    if (new Set(pushes.map((p) => p.refkey)).size >= expected) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const seconds = (Date.now() - t0) / 1000;
  const requests = ((await (await fetch(`${stack.simUrl}/sim/requests?path=/v3/message`)).json()) as (GatewayRequest & { status: number })[]).filter((r) => r.status === 200 && r.refkey);
  const after = await scrape(stack);
  const gaps = stepGaps(pushes, requests);
  const steps = new Set(pushes.map((p) => p.refkey)).size;
  return {
    load,
    gaps: { p50: percentile(gaps, 50), p90: percentile(gaps, 90), p99: percentile(gaps, 99), max: Math.max(...gaps), count: gaps.length },
    deliveriesPerSecond: deliveriesPerSecond(pushes),
    stages: stageFigures(before, after),
    usage: stack.processes.map((p) => {
      const now = readUsage(p.child.pid!);
      return { name: p.name, peakRssMb: now.peakRssMb, cpuMsPerStep: ((now.cpuSeconds - usageBefore.get(p.name)!.cpuSeconds) * 1000) / Math.max(1, steps) };
    }),
    seconds,
  };
}

async function scrape(stack: Stack): Promise<Record<string, string>> {
  const entries = await Promise.all(Object.entries(stack.metricsUrls).map(async ([name, url]) => [name, await (await fetch(url)).text()] as const));
  return Object.fromEntries(entries);
}
