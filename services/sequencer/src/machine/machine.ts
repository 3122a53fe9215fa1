import { describeResult, type Alert } from "@sunseo/contracts";
import { TERMINAL, type FlowState, type FlowStatus, type PhoneState, type StepRecord } from "@sunseo/flow-state";
import { alertCommand, flowEventCommand, reportRequestCommand, sendCommand, timeoutTimer, timerCommand, type At } from "./commands.js";
import type { Command, Ignored, MachineEvent, Transition } from "./events.js";
import { refkeyFor } from "./ids.js";
import { getOwn, setOwn } from "./own.js";
import { prune } from "./retention.js";
import { isResolved } from "./lane.js";

export interface MachineContext {
  phone: string;
  now: number;
  /** Finished flows (and their refkeys and idempotency keys) are forgotten after this long. */
  retentionMs: number;
  /** After a step's timeout, how long to keep asking for its report before giving up. */
  reportGraceMs: number;
  /** How many times the report is asked for again within that grace (evenly spread). */
  reportRequests: number;
  /** Refkeys the dispatcher claimed before we could abandon them (learnt from a refused write). */
  claimed?: ReadonlySet<string>;
}

/**
 * The sequencer's decisions: (phone state, event) -> (new state, commands). Pure: no I/O,
 * no clock (ctx.now is given), the input state is never modified. Every guarantee of
 * sunseo is decided here and property-tested in machine.property.test.ts.
 *
 * Two rules keep the phone's order when a step is left early (timeout, cancel,
 * `onTimeout: continue`): a step still in the dispatch queue is abandoned atomically with
 * this transition, so the dispatcher never sends it later; one the dispatcher already
 * claimed is waited for. And a flow keeps the recipient lane after it ended until none of
 * its sends can still reach the phone (reported, refused, abandoned, or given up on).
 */
export function apply(previous: PhoneState, event: MachineEvent, ctx: MachineContext): Transition<PhoneState> {
  const state = structuredClone(previous);
  prune(state, ctx.now, ctx.retentionMs);
  const run = new Run(state, ctx);
  const ignored = run.handle(event);
  run.passLane();
  // An ignored event may still be recorded (a late report's result), so the new state is kept.
  return ignored ? { state, commands: run.commands, ignored } : { state, commands: run.commands };
}

type GatewayEvent = Extract<MachineEvent, { refkey: string }>;

class Run {
  readonly commands: Command[] = [];
  private readonly at: At;

  constructor(
    private readonly s: PhoneState,
    private readonly ctx: MachineContext,
  ) {
    this.at = { phone: ctx.phone, now: ctx.now };
  }

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

  // ---- events

  private start(e: Extract<MachineEvent, { type: "start" }>): Ignored | undefined {
    if (getOwn(this.s.flows, e.instanceId) || (e.idempotencyKey && getOwn(this.s.idempotency, e.idempotencyKey))) return "duplicate-start";
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
    setOwn(this.s.flows, flow.id, flow);
    if (e.idempotencyKey) setOwn(this.s.idempotency, e.idempotencyKey, flow.id);
    if (flow.lane === "none") {
      this.run(flow);
    } else {
      // passLane() starts it at once when the lane is free.
      this.s.queue.push(flow.id);
      if (this.s.active !== null) this.emit(flowEventCommand(this.at, flow, "queued"));
    }
    return undefined;
  }

  private cancel(e: Extract<MachineEvent, { type: "cancel" }>): Ignored | undefined {
    const id = e.instanceId ?? (e.idempotencyKey ? getOwn(this.s.idempotency, e.idempotencyKey) : undefined);
    const flow = id === undefined ? undefined : getOwn(this.s.flows, id);
    if (!flow) return "unknown-instance";
    if (TERMINAL.has(flow.status)) return "already-finished";
    this.s.queue = this.s.queue.filter((queued) => queued !== flow.id);
    const record = flow.history[flow.current];
    if (record && !record.done) {
      record.done = true;
      // Still queued for the dispatcher: take it back. Already claimed: it keeps its timers until it resolves.
      if (record.send === "dispatched") this.abandon(record);
    }
    this.finish(flow, "cancelled", e.reason ?? "cancelled");
    return undefined;
  }

  private gatewayEvent(e: GatewayEvent): Ignored | undefined {
    const entry = getOwn(this.s.refkeys, e.refkey);
    const flow = entry ? getOwn(this.s.flows, entry.instanceId) : undefined;
    const record = entry ? flow?.history[entry.step] : undefined;
    if (!entry || !flow || !record) return "unknown-refkey";
    if (record.attempt !== entry.attempt) return "stale-result";
    const step = entry.step;

    switch (e.type) {
      case "accepted": {
        if (record.messagekey === e.messagekey) return "stale-result";
        // Kept even when the report came first: the re-request path needs the messagekey.
        record.messagekey = e.messagekey;
        record.acceptedAt ??= this.ctx.now;
        if (record.send !== "dispatched" && record.send !== "claimed") return "stale-result";
        record.send = "accepted";
        if (!this.progressing(flow, step)) return undefined;
        this.emit(flowEventCommand(this.at, flow, "step-accepted", { refkey: e.refkey }));
        if (flow.steps[step]!.await === "accepted") {
          record.outcome = "accepted";
          this.completeStep(flow);
        }
        return undefined;
      }
      case "rejected":
        if (record.send !== "dispatched" && record.send !== "claimed") return "stale-result";
        record.send = "rejected";
        this.dropTimeout(flow, step, record);
        if (!this.progressing(flow, step)) return undefined;
        record.outcome = "rejected";
        record.done = true;
        this.alert(flow, step, "step-rejected", { resultCode: e.code, detail: e.description });
        this.finish(flow, "failed", `rejected by the gateway: ${e.code} ${e.description}`);
        return undefined;
      case "ambiguous":
        // Never resent blindly: the report or the timeout decides what happened.
        if (record.send !== "dispatched") return "stale-result";
        record.send = "claimed";
        return undefined;
      case "report":
        return this.report(flow, step, record, e);
    }
  }

  private report(flow: FlowState, step: number, record: StepRecord, e: Extract<MachineEvent, { type: "report" }>): Ignored | undefined {
    if (record.results.includes(e.result)) return "duplicate-report";
    record.results.push(e.result);
    const result = describeResult(e.result);
    const awaited = record.send === "dispatched" || record.send === "claimed" || record.send === "accepted" || record.send === "report-requested";
    if (awaited) {
      record.send = "reported";
      this.dropTimeout(flow, step, record);
    }
    if (!awaited || !this.progressing(flow, step)) {
      // A step we moved on from (awaited acceptance only) failed after all: a person must know.
      if (!result.delivered && record.outcome === "accepted") this.alert(flow, step, "step-failed", { resultCode: e.result });
      return "late-report";
    }
    if (result.delivered) {
      record.outcome = "delivered";
      record.deliveredAt = this.ctx.now;
      record.fallback = e.media !== "KAT";
      this.emit(flowEventCommand(this.at, flow, "step-delivered", { refkey: e.refkey, resultCode: e.result, fallback: record.fallback }));
      this.completeStep(flow);
    } else {
      record.outcome = "failed";
      record.done = true;
      this.alert(flow, step, "step-failed", { resultCode: e.result });
      this.finish(flow, "failed", `delivery failed: ${e.result} ${result.meaning}`);
    }
    return undefined;
  }

  private timer(e: Extract<MachineEvent, { type: "timer" }>): Ignored | undefined {
    const flow = getOwn(this.s.flows, e.instanceId);
    const record = flow?.history[e.step];
    if (!flow || !record) return "stale-timer";
    if (e.kind === "delay") {
      if (!this.progressing(flow, e.step) || record.send !== "none" || e.attempt !== record.attempt + 1) return "stale-timer";
      this.send(flow);
      return undefined;
    }
    // Timers of an ended flow matter only while it holds the lane: they decide when it lets go.
    if (e.attempt !== record.attempt || (TERMINAL.has(flow.status) && this.s.active !== flow.id)) return "stale-timer";
    if (e.kind === "timeout") return this.overdue(flow, e.step, record);
    if (e.round !== record.rounds) return "stale-timer";
    return this.graceOver(flow, e.step, record);
  }

  /** The step's timeout: take back what never left, else wait in rounds, asking for the report again where we can. */
  private overdue(flow: FlowState, step: number, record: StepRecord): Ignored | undefined {
    switch (record.send) {
      case "dispatched":
        if (this.abandon(record)) {
          if (this.progressing(flow, step)) this.timeOut(flow, step, record, "no acceptance from the gateway before the step timeout; it was never sent");
          return undefined;
        }
        this.nextRound(flow, step, record);
        return undefined;
      case "claimed":
      case "accepted":
        this.nextRound(flow, step, record);
        return undefined;
      default:
        return "stale-timer";
    }
  }

  private graceOver(flow: FlowState, step: number, record: StepRecord): Ignored | undefined {
    if (record.send !== "claimed" && record.send !== "accepted" && record.send !== "report-requested") return "stale-timer";
    if (record.rounds < this.ctx.reportRequests) {
      this.nextRound(flow, step, record);
      return undefined;
    }
    const accepted = record.send !== "claimed";
    record.send = "given-up";
    if (this.progressing(flow, step)) {
      this.timeOut(flow, step, record, accepted ? "no delivery report, even after asking the gateway to push it again" : "the gateway call may have been made but was never answered, and no report came");
    }
    return undefined;
  }

  /** One more round of waiting after the timeout; an accepted message's report is asked for again at its start. */
  private nextRound(flow: FlowState, step: number, record: StepRecord): void {
    record.rounds += 1;
    if (record.send === "accepted" || record.send === "report-requested") {
      record.send = "report-requested";
      this.emit(reportRequestCommand(this.at, flow, step, record));
    }
    const roundMs = Math.ceil(this.ctx.reportGraceMs / Math.max(1, this.ctx.reportRequests));
    this.emit(timerCommand(this.at, flow, step, "report-grace", roundMs, record.attempt, record.rounds));
  }

  private timeOut(flow: FlowState, step: number, record: StepRecord, detail: string): void {
    record.outcome = "timed_out";
    this.alert(flow, step, "step-timed-out", { detail });
    if (flow.steps[step]!.onTimeout === "continue") {
      this.completeStep(flow);
    } else {
      record.done = true;
      this.finish(flow, "timed_out", detail);
    }
  }

  // ---- step, flow and lane lifecycle

  /** The flow is running and waiting on this step. */
  private progressing(flow: FlowState, step: number): boolean {
    return flow.status === "running" && flow.current === step && flow.history[step]?.done === false;
  }

  /**
   * Takes a dispatched send back: true when it is now certain never to leave (the
   * adapter writes the abandonment with this transition), false when the dispatcher
   * claimed it first and it may be on its way.
   */
  private abandon(record: StepRecord): boolean {
    if (this.ctx.claimed?.has(record.refkey!)) {
      record.send = "claimed";
      return false;
    }
    record.send = "abandoned";
    this.emit({ type: "abandon", refkey: record.refkey! });
    return true;
  }

  /**
   * A step's send resolved before its timeout fired: the timer would only come back as a
   * stale event (a Kafka message, a round, a write) minutes later. Later timers (the
   * report-grace rounds) are left alone: they are few.
   */
  private dropTimeout(flow: FlowState, step: number, record: StepRecord): void {
    if (record.rounds === 0 && record.dispatchedAt !== undefined) this.emit({ type: "unschedule", timer: timeoutTimer(this.at, flow, step, record) });
  }

  private run(flow: FlowState): void {
    flow.status = "running";
    flow.startedAt = this.ctx.now;
    this.emit(flowEventCommand(this.at, flow, "started"));
    this.beginStep(flow, 0);
  }

  private beginStep(flow: FlowState, index: number): void {
    const step = flow.steps[index]!;
    flow.current = index;
    flow.history[index] = { name: step.name, attempt: 0, send: "none", done: false, rounds: 0, results: [] };
    if (step.delayMs > 0) this.emit(timerCommand(this.at, flow, index, "delay", step.delayMs, 1));
    else this.send(flow);
  }

  private send(flow: FlowState): void {
    const record = flow.history[flow.current]!;
    record.attempt += 1;
    record.refkey = refkeyFor(flow.id, flow.current, record.attempt);
    record.send = "dispatched";
    record.dispatchedAt = this.ctx.now;
    setOwn(this.s.refkeys, record.refkey, { instanceId: flow.id, step: flow.current, attempt: record.attempt });
    this.emit(sendCommand(this.at, flow, flow.current, record));
    this.emit({ type: "schedule", timer: timeoutTimer(this.at, flow, flow.current, record) });
    this.emit(flowEventCommand(this.at, flow, "step-dispatched", { refkey: record.refkey }));
  }

  private completeStep(flow: FlowState): void {
    flow.history[flow.current]!.done = true;
    if (flow.current + 1 < flow.steps.length) this.beginStep(flow, flow.current + 1);
    else this.finish(flow, "completed");
  }

  private finish(flow: FlowState, status: Exclude<FlowStatus, "queued" | "running">, reason?: string): void {
    flow.status = status;
    flow.endedAt = this.ctx.now;
    if (reason) flow.reason = reason;
    this.emit(flowEventCommand(this.at, flow, status));
  }

  /** Hands the recipient lane to the oldest waiting flow once its holder ended and none of its sends is still out. */
  passLane(): void {
    for (;;) {
      const holder = this.s.active === null ? undefined : getOwn(this.s.flows, this.s.active);
      if (holder && (!TERMINAL.has(holder.status) || !holder.history.every(isResolved))) return;
      this.s.active = null;
      const next = this.s.queue.shift();
      if (next === undefined) return;
      this.s.active = next;
      this.run(getOwn(this.s.flows, next)!);
    }
  }

  // ---- commands

  private emit(command: Command): void {
    this.commands.push(command);
  }

  private alert(flow: FlowState, step: number, kind: Alert["kind"], extra: { resultCode?: string; detail?: string }): void {
    this.emit(alertCommand(this.at, flow, step, kind, extra));
  }
}
