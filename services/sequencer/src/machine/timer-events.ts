import { TERMINAL, type FlowState, type StepRecord } from "@sunseo/flow-state";
import { reportRequestCommand, timerCommand } from "./commands.js";
import type { Ignored, MachineEvent } from "./events.js";
import { getOwn } from "./own.js";
import type { Run } from "./run.js";
import { enqueue } from "./flow-events.js";

/**
 * A timer the machine scheduled came due: a scheduled flow's start, its expiry, a step's
 * delay or send window, its timeout, or a round of waiting after it.
 */
export function timer(run: Run, e: Extract<MachineEvent, { type: "timer" }>): Ignored | undefined {
  const flow = getOwn(run.state.flows, e.instanceId);
  if (flow && e.kind === "start") {
    if (flow.status !== "scheduled") return "stale-timer";
    enqueue(run, flow);
    return undefined;
  }
  if (flow && e.kind === "expiry") {
    // Only a waiting flow expires: one with a send out resolves it first, and release() stops it at the next step.
    const record = flow.history[flow.current];
    const waiting =
      flow.status === "scheduled" || flow.status === "queued" || (flow.status === "running" && record !== undefined && !record.done && record.send === "none");
    if (!waiting || flow.expiresAt === undefined || run.ctx.now < flow.expiresAt) return "stale-timer";
    run.expire(flow);
    return undefined;
  }
  const record = flow?.history[e.step];
  if (!flow || !record) return "stale-timer";
  if (e.kind === "delay" || e.kind === "window") {
    if (!run.progressing(flow, e.step) || record.send !== "none" || e.attempt !== record.attempt + 1) return "stale-timer";
    run.release(flow);
    return undefined;
  }
  // Timers of an ended flow matter only while it holds the lane: they decide when it lets go.
  if (e.attempt !== record.attempt || (TERMINAL.has(flow.status) && run.state.active !== flow.id)) return "stale-timer";
  if (e.kind === "timeout") return overdue(run, flow, e.step, record);
  if (e.round !== record.rounds) return "stale-timer";
  return graceOver(run, flow, e.step, record);
}

/** The step's timeout: take back what never left, else wait in rounds, asking for the report again where we can. */
function overdue(run: Run, flow: FlowState, step: number, record: StepRecord): Ignored | undefined {
  switch (record.send) {
    case "dispatched":
      if (run.abandon(record)) {
        if (run.progressing(flow, step)) timeOut(run, flow, step, record, "no acceptance from the gateway before the step timeout; it was never sent");
        return undefined;
      }
      nextRound(run, flow, step, record);
      return undefined;
    case "claimed":
    case "accepted":
      nextRound(run, flow, step, record);
      return undefined;
    default:
      return "stale-timer";
  }
}

function graceOver(run: Run, flow: FlowState, step: number, record: StepRecord): Ignored | undefined {
  if (record.send !== "claimed" && record.send !== "accepted" && record.send !== "report-requested") return "stale-timer";
  if (record.rounds < run.ctx.reportRequests) {
    nextRound(run, flow, step, record);
    return undefined;
  }
  const accepted = record.send !== "claimed";
  record.send = "given-up";
  if (run.progressing(flow, step)) {
    timeOut(
      run,
      flow,
      step,
      record,
      accepted
        ? "no delivery report, even after asking the gateway to push it again"
        : "the gateway call may have been made but was never answered, and no report came",
    );
  }
  return undefined;
}

/** One more round of waiting after the timeout; an accepted message's report is asked for again at its start. */
function nextRound(run: Run, flow: FlowState, step: number, record: StepRecord): void {
  record.rounds += 1;
  if (record.send === "accepted" || record.send === "report-requested") {
    record.send = "report-requested";
    run.emit(reportRequestCommand(run.at, flow, step, record));
  }
  const roundMs = Math.ceil(run.ctx.reportGraceMs / Math.max(1, run.ctx.reportRequests));
  run.emit(timerCommand(run.at, flow, step, "report-grace", roundMs, record.attempt, record.rounds));
}

function timeOut(run: Run, flow: FlowState, step: number, record: StepRecord, detail: string): void {
  record.outcome = "timed_out";
  run.alert(flow, step, "step-timed-out", { detail });
  if (flow.steps[step]!.onTimeout === "continue") {
    run.completeStep(flow);
  } else {
    record.done = true;
    run.finish(flow, "timed_out", detail);
  }
}
