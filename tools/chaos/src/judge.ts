import { percentile } from "@sunseo/bench";
import type { PushLogEntry, RequestLogEntry } from "@sunseo/bizppurio-sim";
import { judgePhones, type Delivered, type PhoneVerdict, type PlannedStart } from "@sunseo/demo";
import type { Catalog } from "@sunseo/flows";
import { maskPhone } from "@sunseo/phone";
import type { ChannelPost } from "./alert-sink.js";
import type { Delivery } from "./phones.js";
import { alertsShown, unflaggedRepeats } from "./alerts.js";
import { reportKey, type Observed, type Terminal } from "./observer.js";
import { resumeAfterKills, type KillAt, type KillResume } from "./resume.js";

/** A promise of the README, its figure in this run, and whether it held. */
export interface Check {
  promise: string;
  figure: string;
  held: boolean;
  /** A few cases for a person to look at (phones masked). */
  examples: string[];
}

export interface Verdict {
  planned: number;
  ended: Record<Terminal, number>;
  phones: Omit<PhoneVerdict, "examples">;
  duplicates: { flaggedAmbiguous: number; unflagged: number };
  /** Timed-out flows whose last step did reach the phone (its report never made it back): shown, not judged. */
  timedOutButDelivered: string[];
  /** Timed-out flows whose last step never reached the gateway (taken back at the timeout): shown, not judged. */
  timedOutNeverSent: string[];
  alerts: { posts: number; shown: number; inSummaries: number; markedMayRepeat: number };
  reports: { acknowledged: number };
  /** Per kill, from webhook-ingest's acknowledgement (the promise) and, for comparison, from the delivery on the phone. */
  resume: { kills: KillResume[]; fromDelivery: KillResume[]; p50?: number; p99?: number; max?: number };
  checks: Check[];
}

export interface JudgeInput {
  /** Starts Kafka acknowledged: each must end in a terminal event. */
  plan: readonly PlannedStart[];
  catalog: Catalog;
  phones: ReadonlyMap<string, readonly Delivered[]>;
  observed: Observed;
  posts: readonly ChannelPost[];
  pushes: readonly PushLogEntry[];
  deliveries: readonly Delivery[];
  sends: readonly RequestLogEntry[];
  /** SIGKILLs of sequencers, dispatchers and webhook-ingest. */
  kills: readonly KillAt[];
}

export const RESUME_PROMISE_MS = 10_000;
const EXAMPLES = 5;

export function judge(input: JudgeInput): Verdict {
  const { plan, catalog, phones, observed } = input;
  const checks: Check[] = [];
  const check = (promise: string, count: number, examples: string[]) =>
    checks.push({ promise, figure: String(count), held: count === 0, examples: examples.slice(0, EXAMPLES) });

  // Flows: every acknowledged start ends, once, in one way.
  const byKey = new Map<string, string[]>();
  for (const flow of observed.flows.values())
    if (flow.idempotencyKey) byKey.set(flow.idempotencyKey, [...(byKey.get(flow.idempotencyKey) ?? []), flow.instanceId]);
  const ended: Record<Terminal, number> = { completed: 0, failed: 0, timed_out: 0, cancelled: 0 };
  const open: string[] = [];
  const twice: string[] = [];
  const contradicted: string[] = [];
  for (const p of plan) {
    const instances = (byKey.get(p.idempotencyKey) ?? []).map((id) => observed.flows.get(id)!);
    if (instances.length > 1) twice.push(`${p.idempotencyKey} started as ${instances.map((f) => f.instanceId).join(", ")} (${maskPhone(p.phone)})`);
    if (instances.length === 0) open.push(`${p.idempotencyKey} (${p.flow}, ${maskPhone(p.phone)}): no flow-event at all`);
    for (const f of instances) {
      if (f.terminal === undefined) open.push(`${p.idempotencyKey} = ${f.instanceId} (${p.flow}, ${maskPhone(p.phone)}): no terminal flow-event`);
      else ended[f.terminal] += 1;
      const other = f.laterTerminals.find((t) => t !== f.terminal);
      if (other) contradicted.push(`${f.instanceId} (${maskPhone(p.phone)}): ${f.terminal}, then ${other}`);
    }
  }
  check("every flow ends in a terminal flow-event", open.length, open);
  check("no flow started twice for one idempotency key", twice.length, twice);
  check("no flow ends two different ways", contradicted.length, contradicted);

  // Phones: order, lanes, and steps received twice (a send the dispatcher flagged ambiguous beforehand, or not).
  const verdict = judgePhones(phones);
  check(
    "no order violation on the phones",
    verdict.orderViolations,
    verdict.examples.map((e) => `${maskPhone(e.phone)} received ${e.received.join(" -> ")}`),
  );
  const interleaved = [...phones]
    .filter(([phone, received]) => judgePhones(new Map([[phone, received]])).interleavedPhones > 0)
    .map(([phone, received]) => `${maskPhone(phone)} received ${received.map((m) => m.refkey).join(", ")}`);
  check("no phone with interleaved recipient-lane flows", verdict.interleavedPhones, interleaved);
  let flaggedAmbiguous = 0;
  const unflagged: string[] = [];
  for (const [phone, received] of phones) {
    const seen = new Set<string>();
    for (const m of received) {
      if (!seen.has(m.refkey)) seen.add(m.refkey);
      else if (observed.ambiguous.has(m.refkey)) flaggedAmbiguous += 1;
      else unflagged.push(`${maskPhone(phone)} received ${m.refkey} (${m.templateCode}) twice`);
    }
  }
  check("no step received twice that was not flagged ambiguous", unflagged.length, unflagged);

  const onPhones = new Set([...phones.values()].flatMap((received) => received.map((m) => m.refkey.replace(/-\d+$/, ""))));
  const timedOutButDelivered = [...observed.flows.values()]
    .filter((f) => f.terminal === "timed_out" && f.endedStep !== undefined && onPhones.has(`${f.instanceId}-${f.endedStep}`))
    .map((f) => `${f.instanceId} step ${f.endedStep} (${f.flow}, ${maskPhone(f.phone)})`);
  const atGateway = new Set(input.sends.flatMap((s) => (s.refkey === undefined ? [] : [s.refkey.replace(/-\d+$/, "")])));
  const timedOutNeverSent = [...observed.flows.values()]
    .filter((f) => f.terminal === "timed_out" && f.endedStep !== undefined && !atGateway.has(`${f.instanceId}-${f.endedStep}`))
    .map((f) => `${f.instanceId} step ${f.endedStep} (${f.flow}, ${maskPhone(f.phone)})`);

  // Alerts: every failed or timed-out flow reaches the channel; a repeat always says it may repeat.
  const shown = alertsShown(input.posts);
  const alerted = new Set(shown.map((a) => a.instanceId));
  const unalerted = [...observed.flows.values()]
    .filter((f) => (f.terminal === "failed" || f.terminal === "timed_out") && !alerted.has(f.instanceId))
    .map((f) => `${f.instanceId} ${f.terminal} (${f.flow}, ${maskPhone(f.phone)})`);
  check("every failed or timed-out flow alerted", unalerted.length, unalerted);
  const repeats = unflaggedRepeats(shown);
  check(
    'no alert shown twice without "may repeat"',
    repeats.length,
    repeats.map((r) => `${r.key} shown ${r.times} times unmarked`),
  );

  // Reports: what webhook-ingest answered 200 to is on the report topic.
  const absent = input.pushes.filter((p) => !observed.reports.has(reportKey(p.refkey, p.result)));
  check(
    "no report acknowledged (200) but absent from the report topic",
    absent.length,
    absent.map((p) => `${p.refkey} RESULT ${p.result} (${maskPhone(p.phone)}) acknowledged at ${new Date(p.at).toISOString()}`),
  );

  // Resume after each kill.
  const flowOf = observedFlowOf(observed, catalog);
  const resume = resumeAfterKills({ kills: input.kills, reports: input.pushes, sends: input.sends, flowOf });
  const fromDelivery = resumeAfterKills({ kills: input.kills, reports: input.deliveries, sends: input.sends, flowOf });
  const measured = resume.filter((k) => k.resumeMs !== undefined).map((k) => k.resumeMs!);
  const stats = measured.length === 0 ? {} : { p50: percentile(measured, 50), p99: percentile(measured, 99), max: Math.max(...measured) };
  const slow = resume
    .filter((k) => (k.resumeMs ?? 0) > RESUME_PROMISE_MS)
    .map(
      (k) =>
        `${k.label} killed at ${new Date(k.at).toISOString()}: ${seconds(k.resumeMs)} (report of ${k.worst?.refkey}, next step sent ${k.worst?.nextSendAt === undefined ? "never" : new Date(k.worst.nextSendAt).toISOString()})`,
    );
  checks.push({
    promise: `p99 resume after a kill <= ${RESUME_PROMISE_MS / 1000} s`,
    figure: stats.p99 === undefined ? "no sample" : `${seconds(stats.p99)} (${measured.length} kills)`,
    held: stats.p99 !== undefined && stats.p99 <= RESUME_PROMISE_MS,
    examples: slow.slice(0, EXAMPLES),
  });

  return {
    planned: plan.length,
    ended,
    phones: {
      delivered: verdict.delivered,
      fallbacks: verdict.fallbacks,
      orderViolations: verdict.orderViolations,
      duplicates: verdict.duplicates,
      interleavedPhones: verdict.interleavedPhones,
    },
    duplicates: { flaggedAmbiguous, unflagged: unflagged.length },
    timedOutButDelivered,
    timedOutNeverSent,
    alerts: {
      posts: input.posts.length,
      shown: shown.length,
      inSummaries: shown.filter((a) => a.inSummary).length,
      markedMayRepeat: shown.filter((a) => a.mayRepeat).length,
    },
    reports: { acknowledged: input.pushes.length },
    resume: { kills: resume, fromDelivery, ...stats },
    checks,
  };
}

/** A flow's step delays and how it ended, as the topics tell it, for resume and step-wait figures. */
export const observedFlowOf = (observed: Observed, catalog: Catalog) => (instanceId: string) => {
  const flow = observed.flows.get(instanceId);
  const definition = flow && catalog.flows.get(flow.flow);
  if (!flow || !definition) return undefined;
  return {
    delaysMs: definition.steps.map((s) => s.delayMs),
    cancelled: flow.terminal === "cancelled",
    ...(flow.endedAt === undefined ? {} : { endedAt: flow.endedAt }),
  };
};

export const seconds = (ms: number | undefined): string => (ms === undefined ? "-" : ms === Infinity ? "never" : `${(ms / 1000).toFixed(1)} s`);
