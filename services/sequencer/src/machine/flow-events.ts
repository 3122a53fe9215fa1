import { TERMINAL, type FlowState } from "@sunseo/flow-state";
import { flowEventCommand } from "./commands.js";
import type { Ignored, MachineEvent } from "./events.js";
import { getOwn, setOwn } from "./own.js";
import type { Run } from "./run.js";

/** A flow-start: a new flow, queued for the recipient lane or run at once when it needs none. */
export function start(run: Run, e: Extract<MachineEvent, { type: "start" }>): Ignored | undefined {
  const s = run.state;
  if (getOwn(s.flows, e.instanceId) || (e.idempotencyKey && getOwn(s.idempotency, e.idempotencyKey))) return "duplicate-start";
  const flow: FlowState = {
    id: e.instanceId,
    flow: e.flow,
    lane: e.lane,
    status: "queued",
    steps: e.steps,
    current: 0,
    history: [],
    createdAt: run.ctx.now,
    ...(e.idempotencyKey ? { idempotencyKey: e.idempotencyKey } : {}),
    ...(e.traceId ? { traceId: e.traceId } : {}),
  };
  setOwn(s.flows, flow.id, flow);
  if (e.idempotencyKey) setOwn(s.idempotency, e.idempotencyKey, flow.id);
  if (flow.lane === "none") {
    run.runFlow(flow);
  } else {
    // passLane() starts it at once when the lane is free.
    s.queue.push(flow.id);
    if (s.active !== null) run.emit(flowEventCommand(run.at, flow, "queued"));
  }
  return undefined;
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
