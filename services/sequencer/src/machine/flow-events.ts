import { TERMINAL, type FlowState } from "@sunseo/flow-state";
import { expiryTimer, flowEventCommand, timerCommand } from "./commands.js";
import type { Ignored, MachineEvent } from "./events.js";
import { getOwn, setOwn } from "./own.js";
import type { Run } from "./run.js";

/**
 * A flow-start: a new flow, queued for the recipient lane or run at once when it needs none;
 * with a startAt still ahead, scheduled (it joins the lane then, not now, so it holds up
 * nobody while it waits); seen too late, recorded as expired and not started at all.
 */
export function start(run: Run, e: Extract<MachineEvent, { type: "start" }>): Ignored | undefined {
  const s = run.state;
  const now = run.ctx.now;
  if (getOwn(s.flows, e.instanceId) || (e.idempotencyKey && getOwn(s.idempotency, e.idempotencyKey))) return "duplicate-start";
  const startAt = e.startAt !== undefined && e.startAt > now ? e.startAt : undefined;
  const expiresAt = earliest(e.expiresAt, e.maxDurationMs === undefined ? undefined : (startAt ?? now) + e.maxDurationMs);
  const flow: FlowState = {
    id: e.instanceId,
    flow: e.flow,
    lane: e.lane,
    status: "queued",
    steps: e.steps,
    current: 0,
    history: [],
    createdAt: now,
    ...(e.idempotencyKey ? { idempotencyKey: e.idempotencyKey } : {}),
    ...(e.traceId ? { traceId: e.traceId } : {}),
    ...(e.requestedAt === undefined ? {} : { requestedAt: e.requestedAt }),
    ...(startAt === undefined ? {} : { startAt }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
  setOwn(s.flows, flow.id, flow);
  if (e.idempotencyKey) setOwn(s.idempotency, e.idempotencyKey, flow.id);
  const stale = staleness(e, now, expiresAt);
  if (stale !== undefined) {
    // Kept (ended) so a copy of the same start is a duplicate, not a second verdict.
    flow.status = "expired";
    flow.endedAt = now;
    flow.reason = stale;
    run.emit(flowEventCommand(run.at, flow, "expired", { reason: stale }));
    return "stale-start";
  }
  if (expiresAt !== undefined) run.emit({ type: "schedule", timer: expiryTimer(run.at, flow) });
  if (startAt !== undefined) {
    flow.status = "scheduled";
    run.emit(flowEventCommand(run.at, flow, "scheduled", { startAt }));
    run.emit(timerCommand(run.at, flow, 0, "start", startAt - now, 1));
    return undefined;
  }
  enqueue(run, flow);
  return undefined;
}

const earliest = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

/** Why a start must not run at all, if it must not: it waited in Kafka longer than its flow allows, or its expiresAt has passed. */
function staleness(e: Extract<MachineEvent, { type: "start" }>, now: number, expiresAt: number | undefined): string | undefined {
  if (e.maxStartDelayMs !== undefined && e.requestedAt !== undefined && now - e.requestedAt > e.maxStartDelayMs) {
    return `STALE_START: requested at ${new Date(e.requestedAt).toISOString()}, ${now - e.requestedAt} ms before the sequencer saw it; the flow allows ${e.maxStartDelayMs} ms (maxStartDelay)`;
  }
  if (expiresAt !== undefined && expiresAt <= now)
    return `STALE_START: its expiresAt ${new Date(expiresAt).toISOString()} had passed when the sequencer saw it`;
  return undefined;
}

/** The flow is due: it runs at once when it needs no lane, else it waits its turn (passLane() starts it when the lane is free). */
export function enqueue(run: Run, flow: FlowState): void {
  const s = run.state;
  flow.status = "queued";
  if (flow.lane === "none") {
    run.runFlow(flow);
  } else {
    // passLane() starts it at once when the lane is free.
    s.queue.push(flow.id);
    if (s.active !== null) run.emit(flowEventCommand(run.at, flow, "queued"));
  }
}

/** A flow-cancel, by instance id or idempotency key. */
export function cancel(run: Run, e: Extract<MachineEvent, { type: "cancel" }>): Ignored | undefined {
  const s = run.state;
  const id = e.instanceId ?? (e.idempotencyKey ? getOwn(s.idempotency, e.idempotencyKey) : undefined);
  const flow = id === undefined ? undefined : getOwn(s.flows, id);
  if (!flow) return "unknown-instance";
  if (TERMINAL.has(flow.status)) return "already-finished";
  s.queue = s.queue.filter((queued) => queued !== flow.id);
  const record = flow.history[flow.current];
  if (record && !record.done) {
    record.done = true;
    // Still queued for the dispatcher: take it back. Already claimed: it keeps its timers until it resolves.
    if (record.send === "dispatched") run.abandon(record);
  }
  run.finish(flow, "cancelled", e.reason ?? "cancelled");
  return undefined;
}
