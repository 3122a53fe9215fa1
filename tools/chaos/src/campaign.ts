import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { laneByTemplate, simulatorIdle, type PlannedStart } from "@sunseo/demo";
import type { SimStats } from "@sunseo/bizppurio-sim";
import { alertsShown } from "./alerts.js";
import { uninjectedDeaths, type UninjectedDeath } from "./deaths.js";
import { playSchedule, type Injection } from "./inject.js";
import { judge, observedFlowOf, type Verdict } from "./judge.js";
import { stepWaitCheck, stepWaitFigures, stepWaits, type StepWaitFigures } from "./step-waits.js";
import { startLoad, type LoadResult } from "./load.js";
import { campaignPlan, loadSpanMs } from "./load-plan.js";
import { readPhones } from "./phones.js";
import { startRig, type Rig } from "./rig.js";
import { buildSchedule, describeFault, type Profile, type ServiceKind } from "./schedule.js";

export interface CampaignOptions {
  repoRoot: string;
  flows: number;
  seed: number;
  profile: Profile;
  /** From the first start to the verdict at most; flows still open then are judged as such. */
  maxDurationMs: number;
  log: (line: string) => void;
}

export interface CampaignResult {
  runDir: string;
  flows: number;
  seed: number;
  profile: Profile;
  verdict: Verdict;
  injections: Injection[];
  /** Members that died during the run without being killed by the campaign (a crash of their own). */
  uninjectedDeaths: UninjectedDeath[];
  load: LoadResult;
  /** Cluster mode: every step's wait beyond its delay. */
  stepWaits?: StepWaitFigures;
  sim: SimStats;
  elapsedMs: number;
}

/** The promise of resuming is about the members a flow waits on; the alerter's kills are not measured. */
const MEASURED: readonly ServiceKind[] = ["sequencer", "dispatcher", "webhook-ingest"];

/**
 * The outside report's setup: three combined broker+controller nodes, topics with 3 replicas
 * and min.insync.replicas 2, and 20 s step timeouts (so a stall of 20 s halts flows).
 */
const CLUSTER_RIG = { kafkaNodes: 3, stepTimeout: "20s" } as const;

/**
 * `npm run chaos` with persistent Redis: the seeded load through the whole stack while the
 * schedule's faults are injected, then every flow waited for (up to the cap) and the run
 * judged on the phones, the alert channel and the topics.
 */
export async function runCampaign(o: CampaignOptions): Promise<CampaignResult> {
  const rig = await startRig({
    repoRoot: o.repoRoot,
    seed: o.seed,
    redisMode: "aof-always",
    label: o.profile === "full" ? "persistent" : o.profile,
    ...(o.profile === "cluster" ? CLUSTER_RIG : {}),
    log: o.log,
  });
  try {
    return await campaign(rig, o);
  } finally {
    o.log("stop    stopping the stack, the broker and Redis ...");
    await rig.stop();
  }
}

async function campaign(rig: Rig, o: CampaignOptions): Promise<CampaignResult> {
  const plan = campaignPlan({ flows: o.flows, seed: o.seed });
  const schedule = buildSchedule({ seed: o.seed, profile: o.profile });
  const spanMs = loadSpanMs(schedule.lengthMs);
  o.log(
    `load    ${plan.length} flows over ${(spanMs / 1000).toFixed(0)} s; ${schedule.faults.length} faults over ${(schedule.lengthMs / 1000).toFixed(0)} s (see ${join(rig.runDir, "faults.log")})`,
  );
  const startedAt = Date.now();
  const deadline = startedAt + o.maxDurationMs;
  const load = startLoad({ client: rig.client, plan, spanMs });
  let stopped = false;
  const faults = playSchedule(
    schedule,
    {
      stack: rig.stack,
      infra: rig.infra,
      sim: rig.sim,
      log: o.log,
      faultLog: join(rig.runDir, "faults.log"),
      kafka: rig.kafka,
      sequencerGroup: rig.stack.sequencerGroup,
    },
    startedAt,
    () => stopped || Date.now() > deadline,
  );
  const progress = setInterval(
    () => o.log(`load    +${((Date.now() - startedAt) / 1000).toFixed(0)}s  ${load.issued()} started, ${rig.observer.ended()} ended`),
    15_000,
  );
  try {
    const [injections, loaded] = await Promise.all([faults, load.done]);
    const acknowledged = plan.filter((p) => !loaded.unacknowledged.includes(p));
    await waitForFlows(rig, acknowledged, deadline, o.log);
    stopped = true;
    await waitForAlerts(rig, o.log);
    await simulatorIdle(rig.stack.simUrl, 60_000).catch(() => o.log("drain   the simulator still had deliveries or pushes pending after 60 s"));
    if (!rig.stack.sim.alive()) throw new Error(`the simulator died: its memory was the ground truth (see ${rig.runDir})`);
    await rig.observer.catchUp(120_000);

    o.log("judge   reading the phones, the alert channel and the topics ...");
    const [phones, pushes, sends, sim] = await Promise.all([
      readPhones(
        rig.sim,
        plan.map((p) => p.phone),
        laneByTemplate(rig.catalog),
      ),
      rig.sim.pushes(),
      rig.sim.requests("/v3/message"),
      rig.sim.stats(),
    ]);
    const kills = injections
      .filter((i) => (i.action.kind === "kill" && MEASURED.includes(i.action.service)) || i.action.kind === "node-kill")
      .map((i) => ({ at: i.at, label: describeFault(i.action) }));
    const verdict = judge({
      plan: acknowledged,
      catalog: rig.catalog,
      phones: phones.received,
      deliveries: phones.deliveries,
      observed: rig.observer,
      posts: rig.sink.posts(),
      pushes,
      sends,
      kills,
    });
    // A lost broker is routine: judged on every step's wait, not only on the 2 s after the kill.
    const nodeKill = injections.find((i) => i.action.kind === "node-kill");
    const waits =
      o.profile === "cluster" && nodeKill
        ? stepWaitFigures(stepWaits({ reports: pushes, sends, flowOf: observedFlowOf(rig.observer, rig.catalog) }), nodeKill.at)
        : undefined;
    if (waits) {
      // Resume after a kill samples only the 2 s after it (a member's kill); every step's wait covers those and the rest.
      verdict.checks = verdict.checks.filter((c) => !c.promise.startsWith("p99 resume after a kill"));
      verdict.checks.push(stepWaitCheck(waits));
    }
    const result: CampaignResult = {
      runDir: rig.runDir,
      flows: o.flows,
      seed: o.seed,
      profile: o.profile,
      verdict,
      injections,
      uninjectedDeaths: uninjectedDeaths([rig.stack.sim, ...rig.stack.services], injections, startedAt),
      load: loaded,
      ...(waits ? { stepWaits: waits } : {}),
      sim,
      elapsedMs: Date.now() - startedAt,
    };
    writeFileSync(
      join(rig.runDir, "verdict.json"),
      JSON.stringify(result, (_key, value: unknown) => (value === Infinity ? "Infinity" : value), 2),
    );
    return result;
  } finally {
    stopped = true;
    clearInterval(progress);
    load.stop();
  }
}

/** Until every acknowledged start has a terminal flow-event, or the cap. */
async function waitForFlows(rig: Rig, plan: readonly PlannedStart[], deadline: number, log: (line: string) => void): Promise<void> {
  const keys = new Set(plan.map((p) => p.idempotencyKey));
  const open = () => {
    let count = keys.size;
    for (const flow of rig.observer.flows.values())
      if (flow.terminal !== undefined && flow.idempotencyKey !== undefined && keys.has(flow.idempotencyKey)) count -= 1;
    return count;
  };
  let lastLog = Date.now();
  while (open() > 0 && Date.now() < deadline) {
    if (Date.now() - lastLog > 15_000) {
      log(`drain   ${open()} flows still open`);
      lastLog = Date.now();
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  if (open() > 0) log(`drain   ${open()} flows still open at the cap: judged as they are`);
}

/** The alerter folds bursts into a summary every 5 s and may be restarting: give it (bounded) time to post what it owes. */
async function waitForAlerts(rig: Rig, log: (line: string) => void): Promise<void> {
  const owed = () => {
    const alerted = new Set(alertsShown(rig.sink.posts()).map((a) => a.instanceId));
    return [...rig.observer.flows.values()].filter((f) => (f.terminal === "failed" || f.terminal === "timed_out") && !alerted.has(f.instanceId)).length;
  };
  const deadline = Date.now() + 60_000;
  while (owed() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1_000));
  if (owed() > 0) log(`drain   ${owed()} failed or timed-out flows not alerted after 60 s`);
  // Posts still in flight (a summary being split, a retry) land before the channel is read.
  await new Promise((r) => setTimeout(r, 6_000));
}
