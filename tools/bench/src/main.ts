#!/usr/bin/env node
import { runBench, type BenchResult, type LoadResult } from "./e2e.js";
import { LOADS } from "./loads.js";
import { writeBenchSection } from "./report.js";
import { REPO_ROOT } from "./repo-root.js";

/** `npm run bench`: sunseo's own time per step, end to end at the gateway, beside a bare Kafka relay. */
const repoRoot = REPO_ROOT;
const log = (line: string) => console.log(line);

const ms = (n: number) => (Number.isFinite(n) ? `${n < 10 ? n.toFixed(1) : Math.round(n)} ms` : "-");
const ratio = (ours: number, floor: number) => (Number.isFinite(ours) && floor > 0 ? `${(ours / floor).toFixed(1)}×` : "-");
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

function render({ relay, loads }: BenchResult): string {
  const gapRows = loads.map((r) => [
    `${r.load.name} (${r.load.what})`,
    ms(r.gaps.p50),
    ms(r.gaps.p90),
    ms(r.gaps.p99),
    ms(r.gaps.max),
    r.deliveriesPerSecond.toFixed(0),
    `${ratio(r.gaps.p50, relay.p50)} / ${ratio(r.gaps.p99, relay.p99)}`,
  ]);
  const idle = loads.find((r) => r.load.name === "idle") ?? loads[0]!;
  const moderate = loads.find((r) => r.load.name === "moderate");
  const stageRows = (r: LoadResult) => r.stages.map((s) => [s.stage.what, ms(s.p50Ms), ms(s.p99Ms), String(s.count)]);
  const names = loads[0]?.usage.map((u) => u.name) ?? [];
  const usageRows = names.map((name) => [
    name,
    `${Math.round(Math.max(...loads.map((r) => r.usage.find((u) => u.name === name)?.peakRssMb ?? 0)))} MB`,
    ...loads.map((r) => (r.usage.find((u) => u.name === name)?.cpuMsPerStep ?? Number.NaN).toFixed(2)),
  ]);
  return [
    "## End to end: sunseo's own time per step, at the gateway (`npm run bench`)",
    "",
    "The whole stack as separate processes (the demo's: simulator, webhook-ingest, sequencer, dispatcher, alerter; one of each), the simulator delivering within 1-5 ms, 3-step flows to distinct phones, the send rate limit off. The **step gap** is measured by the simulator on its own clock: from webhook-ingest acknowledging step N's delivery report to step N+1's request reaching the gateway. It is everything sunseo adds per step: two Kafka hops, Redis, the gateway call's own time not included.",
    "",
    `Bare kafkajs relay over the same two hops on the same broker (produce acks=all idempotent -> consume -> produce -> consume, 100 messages/s): **p50 ${ms(relay.p50)}, p99 ${ms(relay.p99)}** (${relay.samples} messages).`,
    "",
    table(["load", "step gap p50", "p90", "p99", "max", "deliveries/s", "× relay (p50 / p99)"], gapRows),
    "",
    `Where one step's time goes at ${idle.load.name} (each service's stage histograms, p50 / p99):`,
    "",
    table(["stage", "p50", "p99", "steps"], stageRows(idle)),
    "",
    ...(moderate ? [`The same at ${moderate.load.name} (${moderate.load.what}):`, "", table(["stage", "p50", "p99", "steps"], stageRows(moderate)), ""] : []),
    "Each process: peak RSS over the run, CPU ms per step of each load:",
    "",
    table(["process", "peak RSS", ...loads.map((r) => r.load.name)], usageRows),
  ].join("\n");
}

try {
  // BENCH_LOADS=idle,burst runs some loads only; BENCH_NODE_OPTIONS goes to every process (--cpu-prof --cpu-prof-dir=...).
  const only = process.env.BENCH_LOADS?.split(",");
  const result = await runBench({
    repoRoot,
    log,
    ...(only ? { loads: LOADS.filter((l) => only.includes(l.name)) } : {}),
    ...(process.env.BENCH_NODE_OPTIONS ? { nodeOptions: process.env.BENCH_NODE_OPTIONS } : {}),
  });
  const markdown = render(result);
  console.log(`\n${markdown}\n`);
  writeBenchSection("e2e", markdown);
  console.log("Written: docs/benchmarks.md");
  process.exit(0);
} catch (err) {
  console.error(`bench failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
}
