import type { Alert, FlowEvent, Timer } from "@sunseo/contracts";
import { closesAt } from "@sunseo/flows";
import type { Command } from "./events.js";
import type { FlowState, StepRecord } from "@sunseo/flow-state";

/** Builders of the machine's commands: what each one carries, in one place. */

export interface At {
  phone: string;
  now: number;
}

export const stepRef = (at: At, flow: FlowState, step: number, record: StepRecord) => ({
  phone: at.phone,
  refkey: record.refkey!,
  instanceId: flow.id,
  flow: flow.flow,
  step,
  attempt: record.attempt,
});

/** A send in a window carries the window's close (`sendBy`): a dispatcher backlog must not carry it past that. */
export function sendCommand(at: At, flow: FlowState, step: number, record: StepRecord): Command {
  const window = flow.steps[step]!.window;
  const sendBy = window === undefined ? Number.POSITIVE_INFINITY : closesAt(window, at.now);
  return {
    type: "dispatch",
    dispatch: {
      kind: "send",
      ...stepRef(at, flow, step, record),
      message: flow.steps[step]!.message,
      createdAt: at.now,
      ...(Number.isFinite(sendBy) ? { sendBy } : {}),
    },
  };
}

export function reportRequestCommand(at: At, flow: FlowState, step: number, record: StepRecord): Command {
  return { type: "dispatch", dispatch: { kind: "report-request", ...stepRef(at, flow, step, record), messagekey: record.messagekey!, createdAt: at.now } };
}

/** The step's timeout timer exactly as send() scheduled it, so it can be found again and dropped. */
export function timeoutTimer(at: At, flow: FlowState, step: number, record: StepRecord): Timer {
  return { phone: at.phone, instanceId: flow.id, step, attempt: record.attempt, kind: "timeout", dueAt: record.dispatchedAt! + flow.steps[step]!.timeoutMs };
}

/** The flow's expiry timer exactly as start() scheduled it, so finish() can drop it. */
export function expiryTimer(at: At, flow: FlowState): Timer {
  return { phone: at.phone, instanceId: flow.id, step: 0, attempt: 1, kind: "expiry", dueAt: flow.expiresAt! };
}

export function timerCommand(at: At, flow: FlowState, step: number, kind: Timer["kind"], afterMs: number, attempt: number, round?: number): Command {
  return {
    type: "schedule",
    timer: { phone: at.phone, instanceId: flow.id, step, attempt, kind, ...(round === undefined ? {} : { round }), dueAt: at.now + afterMs },
  };
}

export function flowEventCommand(at: At, flow: FlowState, type: FlowEvent["type"], extra: Partial<FlowEvent> = {}): Command {
  const step = type === "started" || type === "queued" || type === "scheduled" ? undefined : (extra.step ?? flow.current);
  return {
    type: "flow-event",
    event: {
      type,
      phone: at.phone,
      instanceId: flow.id,
      flow: flow.flow,
      ...(step !== undefined && flow.steps[step] ? { step, stepName: flow.steps[step].name } : {}),
      ...(flow.idempotencyKey ? { idempotencyKey: flow.idempotencyKey } : {}),
      ...extra,
      at: at.now,
    },
  };
}

/** One alert per (flow, step, kind): a replayed transition yields the same alertId, which the alerter recognises. */
export function alertCommand(at: At, flow: FlowState, step: number, kind: Alert["kind"], extra: { resultCode?: string; detail?: string }): Command {
  const definition = flow.steps[step]!;
  return {
    type: "alert",
    alert: {
      alertId: `${flow.id}:${step}:${kind}`,
      kind,
      phone: at.phone,
      flow: flow.flow,
      instanceId: flow.id,
      step,
      stepName: definition.name,
      templateCode: definition.message.templateCode,
      ...(extra.resultCode ? { resultCode: extra.resultCode } : {}),
      ...(extra.detail ? { detail: extra.detail } : {}),
      at: at.now,
    },
  };
}
