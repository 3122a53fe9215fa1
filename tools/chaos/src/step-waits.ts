import { percentile } from "@sunseo/bench";
import { describeResult } from "@sunseo/contracts";
import type { Check } from "./judge.js";
import { parseRefkey, type ResumeInput } from "./resume.js";

/** The cluster mode's promise: losing a broker makes no step wait this much longer than its configured delay. */
export const STEP_WAIT_PROMISE_MS = 10_000;

export interface StepWait {
  /** The report of the step before. */
  refkey: string;
  reportAt: number;
  /** From the report to the next step's first send, less that step's delay; Infinity when it never came. */
  extraMs: number;
}

/**
 * Every step's extra wait in a run: for each delivered report (its first acknowledgement) of a
 * step with a next one, the time to the next step's first /v3/message call less that step's
 * configured delay. What resume-after-kill measures for the 2 s after a kill, over every step.
 * A next step never sent counts as an endless wait unless the flow was cancelled or had ended.
 */
export function stepWaits({ reports, sends, flowOf }: Omit<ResumeInput, "kills">): StepWait[] {
  const firstSend = new Map<string, number>();
  for (const send of sends) {
    const ref = send.refkey === undefined ? undefined : parseRefkey(send.refkey);
    if (ref && !firstSend.has(`${ref.instanceId}-${ref.step}`)) firstSend.set(`${ref.instanceId}-${ref.step}`, send.at);
  }
  const seen = new Set<string>();
  const waits: StepWait[] = [];
  for (const report of reports) {
    if (seen.has(report.refkey)) continue;
    seen.add(report.refkey);
    if (!describeResult(report.result).delivered) continue;
    const ref = parseRefkey(report.refkey);
    const flow = ref && flowOf(ref.instanceId);
    if (!ref || !flow || ref.step + 1 >= flow.delaysMs.length) continue;
    const nextAt = firstSend.get(`${ref.instanceId}-${ref.step + 1}`);
    if (nextAt === undefined && (flow.cancelled || (flow.endedAt !== undefined && flow.endedAt < report.at))) continue;
    waits.push({
      refkey: report.refkey,
      reportAt: report.at,
      extraMs: nextAt === undefined ? Infinity : Math.max(0, nextAt - report.at - flow.delaysMs[ref.step + 1]!),
    });
  }
  return waits;
}

export interface WaitStats {
  samples: number;
  p50?: number;
  p99?: number;
  max?: number;
}

export interface StepWaitFigures extends WaitStats {
  /** Steps whose report came before the fault: what a step waits on this machine anyway. */
  before: WaitStats;
  /** Steps whose report came at or after it. */
  after: WaitStats;
  /** The worst few, longest first. */
  worst: StepWait[];
}

const stats = (waits: readonly StepWait[]): WaitStats => {
  const extras = waits.map((w) => w.extraMs);
  if (extras.length === 0) return { samples: 0 };
  return { samples: extras.length, p50: percentile(extras, 50), p99: percentile(extras, 99), max: Math.max(...extras) };
};

/** Over the run, and split at the fault's instant. */
export function stepWaitFigures(waits: readonly StepWait[], faultAt: number): StepWaitFigures {
  return {
    ...stats(waits),
    before: stats(waits.filter((w) => w.reportAt < faultAt)),
    after: stats(waits.filter((w) => w.reportAt >= faultAt)),
    worst: [...waits].sort((a, b) => b.extraMs - a.extraMs).slice(0, 5),
  };
}

const secondsText = (ms: number | undefined) => (ms === undefined ? "-" : ms === Infinity ? "never" : `${(ms / 1000).toFixed(1)} s`);

/**
 * Held when no step waited more than the promise beyond what a step usually waits on this
 * machine (the run's median extra wait: the stack's own hops on a loaded machine, not the fault).
 */
export function stepWaitCheck(figures: StepWaitFigures): Check {
  const usual = figures.p50 ?? 0;
  return {
    promise: `no step waits more than ${STEP_WAIT_PROMISE_MS / 1000} s longer than it usually does`,
    figure:
      figures.max === undefined
        ? "no sample"
        : `${secondsText(figures.max - usual)} (max ${secondsText(figures.max)} beyond its delay, usually ${secondsText(usual)}; ${figures.samples} steps)`,
    held: figures.max !== undefined && figures.max - usual <= STEP_WAIT_PROMISE_MS,
    examples: figures.worst
      .filter((w) => w.extraMs - usual > STEP_WAIT_PROMISE_MS)
      .map((w) => `after the report of ${w.refkey} at ${new Date(w.reportAt).toISOString()}: ${secondsText(w.extraMs)} beyond its delay`),
  };
}
