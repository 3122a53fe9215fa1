import { describeResult, type Alert, type FlowEvent } from "@sunseo/contracts";
import type { Command, Ignored, MachineEvent, Transition } from "./events.js";
import { refkeyFor } from "./ids.js";
import { TERMINAL, type FlowState, type FlowStatus, type PhoneState, type StepRecord } from "./state.js";

export interface MachineContext {
  phone: string;
  now: number;
  /** Finished flows (and their refkeys and idempotency keys) are forgotten after this long. */
  retentionMs: number;
  /** After asking the gateway to re-push an overdue report, how long to wait before timing out. */
  reportGraceMs: number;
}

/**
 * The sequencer's decisions: (phone state, event) -> (new state, commands). Pure: no I/O,
 * no clock (ctx.now is given), the input state is never modified. Every guarantee of
 * sunseo is decided here and property-tested in machine.property.test.ts.
 */
export function apply(previous: PhoneState, event: MachineEvent, ctx: MachineContext): Transition<PhoneState> {
  const state = structuredClone(previous);
  prune(state, ctx);
  const run = new Run(state, ctx);
  const ignored = run.handle(event);
  // An ignored event may still be recorded (a late report's result), so the new state is kept.
  return ignored ? { state, commands: run.commands, ignored } : { state, commands: run.commands };
}

class Run {
  readonly commands: Command[] = [];
  constructor(
    private readonly s: PhoneState,
    private readonly ctx: MachineContext,
  ) {}

  handle(event: MachineEvent): Ignored | undefined {
    switch (event.type) {
      case "start":
        return this.start(event);
      case "cancel":
        return this.cancel(event);
      case "timer":
        return this.timer(event);
      default:
        return this.gatewayEvent(event);
    }
  }

  private start(e: Extract<MachineEvent, { type: "start" }>): Ignored | undefined {
    if (this.s.flows[e.instanceId] || (e.idempotencyKey && this.s.idempotency[e.idempotencyKey])) return "duplicate-start";
    const flow: FlowState = {
      id: e.instanceId,
      flow: e.flow,
      lane: e.lane,
      status: "queued",
      steps: e.steps,
      current: 0,
      history: [],
      createdAt: this.ctx.now,
      ...(e.idempotencyKey ? { idempotencyKey: e.idempotencyKey } : {}),
      ...(e.traceId ? { traceId: e.traceId } : {}),
    };
    this.s.flows[flow.id] = flow;
    if (e.idempotencyKey) this.s.idempotency[e.idempotencyKey] = flow.id;
    if (flow.lane === "none") {
      this.run(flow);
    } else if (this.s.active === null) {
      this.s.active = flow.id;
      this.run(flow);
    } else {
      this.s.queue.push(flow.id);
      this.event(flow, "queued");
    }
    return undefined;
  }

  private cancel(e: Extract<MachineEvent, { type: "cancel" }>): Ignored | undefined {
    const id = e.instanceId ?? (e.idempotencyKey ? this.s.idempotency[e.idempotencyKey] : undefined);
    const flow = id ? this.s.flows[id] : undefined;
    if (!flow) return "unknown-instance";
    if (TERMINAL.has(flow.status)) return "already-finished";
    this.s.queue = this.s.queue.filter((queued) => queued !== flow.id);
    const record = flow.history[flow.current];
    if (record && record.phase !== "done") record.phase = "done";
    this.finish(flow, "cancelled", e.reason ?? "cancelled");
    return undefined;
  }

  private gatewayEvent(e: Extract<MachineEvent, { refkey: string }>): Ignored | undefined {
    const entry = this.s.refkeys[e.refkey];
    const flow = entry ? this.s.flows[entry.instanceId] : undefined;
    const record = entry ? flow?.history[entry.step] : undefined;
    if (!entry || !flow || !record) return "unknown-refkey";
    if (record.attempt !== entry.attempt) return "stale-result";
    const waiting = !TERMINAL.has(flow.status) && flow.current === entry.step;

    switch (e.type) {
      case "accepted": {
        if (record.messagekey === e.messagekey) return "stale-result";
        // Kept even when the report came first: the re-request path needs the messagekey.
        record.messagekey = e.messagekey;
        record.acceptedAt ??= this.ctx.now;
        if (!waiting || record.phase !== "sent") return undefined;
        this.event(flow, "step-accepted", { refkey: e.refkey });
        if (flow.steps[entry.step]!.await === "accepted") {
          record.outcome = "accepted";
          this.completeStep(flow);
        } else {
          record.phase = "accepted";
        }
        return undefined;
      }
      case "rejected":
        if (!waiting || record.phase === "done") return "stale-result";
        record.outcome = "rejected";
        record.phase = "done";
        this.alert(flow, "step-rejected", { resultCode: e.code, detail: e.description });
        this.finish(flow, "failed", `rejected by the gateway: ${e.code} ${e.description}`);
        return undefined;
      case "ambiguous":
        // Never resent blindly: the report or the timeout decides what happened.
        return waiting && record.phase === "sent" ? undefined : "stale-result";
      case "report":
        return this.report(flow, record, e);
    }
  }

  private report(flow: FlowState, record: StepRecord, e: Extract<MachineEvent, { type: "report" }>): Ignored | undefined {
    if (record.results.includes(e.result)) return "duplicate-report";
    record.results.push(e.result);
    const result = describeResult(e.result);
    const waiting = !TERMINAL.has(flow.status) && flow.current === flow.history.indexOf(record) && record.phase !== "done" && record.phase !== "delaying";
    if (!waiting) {
      // A step we moved on from (awaited acceptance only) failed after all: a person must know.
      if (!result.delivered && record.outcome === "accepted") this.alert(flow, "step-failed", { resultCode: e.result, step: flow.history.indexOf(record) });
      return "late-report";
    }
    if (result.delivered) {
      record.outcome = "delivered";
      record.deliveredAt = this.ctx.now;
      record.fallback = e.media !== "KAT";
      this.event(flow, "step-delivered", { refkey: e.refkey, resultCode: e.result, fallback: record.fallback });
      this.completeStep(flow);
    } else {
      record.outcome = "failed";
      record.phase = "done";
      this.alert(flow, "step-failed", { resultCode: e.result });
      this.finish(flow, "failed", `delivery failed: ${e.result} ${result.meaning}`);
    }
    return undefined;
  }

  private timer(e: Extract<MachineEvent, { type: "timer" }>): Ignored | undefined {
    const flow = this.s.flows[e.instanceId];
    const record = flow?.history[e.step];
    if (!flow || !record || TERMINAL.has(flow.status) || flow.current !== e.step) return "stale-timer";
    if (e.kind === "delay" && record.phase === "delaying" && e.attempt === record.attempt + 1) {
      this.send(flow);
      return undefined;
    }
    if (e.attempt !== record.attempt) return "stale-timer";
    if (e.kind === "timeout" && (record.phase === "sent" || record.phase === "accepted")) {
      if (record.messagekey) {
        record.phase = "report-requested";
        this.commands.push({
          type: "dispatch",
          dispatch: { kind: "report-request", ...this.stepRef(flow, record), messagekey: record.messagekey, createdAt: this.ctx.now },
        });
        this.schedule(flow, "report-grace", this.ctx.reportGraceMs);
      } else {
        this.timeOut(flow, record, "no acceptance from the gateway before the step timeout");
      }
      return undefined;
    }
    if (e.kind === "report-grace" && record.phase === "report-requested") {
      this.timeOut(flow, record, "no delivery report, even after asking the gateway to push it again");
      return undefined;
    }
    return "stale-timer";
  }

  private timeOut(flow: FlowState, record: StepRecord, detail: string): void {
    record.outcome = "timed_out";
    this.alert(flow, "step-timed-out", { detail });
    if (flow.steps[flow.current]!.onTimeout === "continue") {
      this.completeStep(flow);
    } else {
      record.phase = "done";
      this.finish(flow, "timed_out", detail);
    }
  }

  // ---- step and flow lifecycle

  private run(flow: FlowState): void {
    flow.status = "running";
    flow.startedAt = this.ctx.now;
    this.event(flow, "started");
    this.beginStep(flow, 0);
  }

  private beginStep(flow: FlowState, index: number): void {
    const step = flow.steps[index]!;
    flow.current = index;
    flow.history[index] = { name: step.name, phase: "delaying", attempt: 0, results: [] };
    if (step.delayMs > 0) this.schedule(flow, "delay", step.delayMs, 1);
    else this.send(flow);
  }

  private send(flow: FlowState): void {
    const record = flow.history[flow.current]!;
    const step = flow.steps[flow.current]!;
    record.attempt += 1;
    record.refkey = refkeyFor(flow.id, flow.current, record.attempt);
    record.phase = "sent";
    record.dispatchedAt = this.ctx.now;
    this.s.refkeys[record.refkey] = { instanceId: flow.id, step: flow.current, attempt: record.attempt };
    this.commands.push({
      type: "dispatch",
      dispatch: { kind: "send", ...this.stepRef(flow, record), message: step.message, createdAt: this.ctx.now },
    });
    this.schedule(flow, "timeout", step.timeoutMs);
    this.event(flow, "step-dispatched", { refkey: record.refkey });
  }

  private completeStep(flow: FlowState): void {
    flow.history[flow.current]!.phase = "done";
    if (flow.current + 1 < flow.steps.length) this.beginStep(flow, flow.current + 1);
    else this.finish(flow, "completed");
  }

  private finish(flow: FlowState, status: Exclude<FlowStatus, "queued" | "running">, reason?: string): void {
    flow.status = status;
    flow.endedAt = this.ctx.now;
    if (reason) flow.reason = reason;
    this.event(flow, status);
    if (this.s.active !== flow.id) return;
    // The lane passes to the oldest waiting flow of this phone.
    this.s.active = null;
    const next = this.s.queue.shift();
    if (next) {
      this.s.active = next;
      this.run(this.s.flows[next]!);
    }
  }

  // ---- commands

  private stepRef(flow: FlowState, record: StepRecord) {
    return { phone: this.ctx.phone, refkey: record.refkey!, instanceId: flow.id, flow: flow.flow, step: flow.current, attempt: record.attempt };
  }

  private schedule(flow: FlowState, kind: "delay" | "timeout" | "report-grace", afterMs: number, attempt = flow.history[flow.current]!.attempt): void {
    this.commands.push({
      type: "schedule",
      timer: { phone: this.ctx.phone, instanceId: flow.id, step: flow.current, attempt, kind, dueAt: this.ctx.now + afterMs },
    });
  }

  private event(flow: FlowState, type: FlowEvent["type"], extra: Partial<FlowEvent> = {}): void {
    const step = type === "started" || type === "queued" ? undefined : flow.current;
    this.commands.push({
      type: "flow-event",
      event: {
        type,
        phone: this.ctx.phone,
        instanceId: flow.id,
        flow: flow.flow,
        ...(step !== undefined && flow.steps[step] ? { step, stepName: flow.steps[step].name } : {}),
        ...(flow.idempotencyKey ? { idempotencyKey: flow.idempotencyKey } : {}),
        ...extra,
        at: this.ctx.now,
      },
    });
  }

  private alert(flow: FlowState, kind: Alert["kind"], extra: { resultCode?: string; detail?: string; step?: number }): void {
    const step = extra.step ?? flow.current;
    const definition = flow.steps[step]!;
    this.commands.push({
      type: "alert",
      alert: {
        alertId: `${flow.id}:${step}:${kind}`,
        kind,
        phone: this.ctx.phone,
        flow: flow.flow,
        instanceId: flow.id,
        step,
        stepName: definition.name,
        templateCode: definition.message.templateCode,
        ...(extra.resultCode ? { resultCode: extra.resultCode } : {}),
        ...(extra.detail ? { detail: extra.detail } : {}),
        at: this.ctx.now,
      },
    });
  }
}

/** Forgets finished flows older than the retention, with their refkeys and idempotency keys. */
function prune(state: PhoneState, { now, retentionMs }: MachineContext): void {
  for (const flow of Object.values(state.flows)) {
    if (flow.endedAt === undefined || now - flow.endedAt < retentionMs) continue;
    delete state.flows[flow.id];
    if (flow.idempotencyKey && state.idempotency[flow.idempotencyKey] === flow.id) delete state.idempotency[flow.idempotencyKey];
  }
  for (const [refkey, entry] of Object.entries(state.refkeys)) if (!state.flows[entry.instanceId]) delete state.refkeys[refkey];
}
