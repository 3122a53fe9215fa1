import type { Alert } from "@sunseo/contracts";
import type { FlowState, FlowStatus, PhoneState, StepRecord } from "@sunseo/flow-state";
import { nextOpening } from "@sunseo/flows";
import { alertCommand, expiryTimer, flowEventCommand, sendCommand, timeoutTimer, timerCommand, type At } from "./commands.js";
import type { MachineContext } from "./context.js";
import type { Command } from "./events.js";
import { refkeyFor } from "@sunseo/flow-state";
import { setOwn } from "./own.js";
import { waitedFor } from "./waiting.js";

/**
 * One transition in progress: the copy of the phone's state it changes, the commands it
 * collects, and the step and flow lifecycle every kind of event drives (start a flow,
 * send a step, complete it, finish the flow). The event handlers next to this file decide
 * which of these to call.
 */
export class Run {
  readonly commands: Command[] = [];
  readonly at: At;

  constructor(
    readonly state: PhoneState,
    readonly ctx: MachineContext,
  ) {
    this.at = { phone: ctx.phone, now: ctx.now };
  }

  /** The flow is running and waiting on this step. */
  progressing(flow: FlowState, step: number): boolean {
    return flow.status === "running" && flow.current === step && flow.history[step]?.done === false;
  }

  /**
   * Takes a dispatched send back: true when it is now certain never to leave (the
   * adapter writes the abandonment with this transition), false when the dispatcher
   * claimed it first and it may be on its way.
   */
  abandon(record: StepRecord): boolean {
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
  dropTimeout(flow: FlowState, step: number, record: StepRecord): void {
    if (record.rounds === 0 && record.dispatchedAt !== undefined) this.emit({ type: "unschedule", timer: timeoutTimer(this.at, flow, step, record) });
  }

  /** The flow takes off: running, and its first step begun. */
  runFlow(flow: FlowState): void {
    flow.status = "running";
    flow.startedAt = this.ctx.now;
    this.emit(flowEventCommand(this.at, flow, "started"));
    this.beginStep(flow, 0);
  }

  private beginStep(flow: FlowState, index: number): void {
    const step = flow.steps[index]!;
    flow.current = index;
    const record: StepRecord = { name: step.name, attempt: 0, send: "none", done: false, rounds: 0, results: [] };
    flow.history[index] = record;
    if (step.delayMs > 0) {
      record.waiting = "delay";
      record.waitingUntil = this.ctx.now + step.delayMs;
      this.emit(timerCommand(this.at, flow, index, "delay", step.delayMs, 1));
    } else this.release(flow);
  }

  /**
   * The current step is due: sent now when its window is open, else held by a timer until
   * the window opens (its timeout counts from the send, not from this wait). Past the
   * flow's expiresAt nothing more is sent: the flow ends expired.
   */
  release(flow: FlowState): void {
    const record = flow.history[flow.current]!;
    if (flow.expiresAt !== undefined && this.ctx.now >= flow.expiresAt) {
      this.expire(flow);
      return;
    }
    const window = flow.steps[flow.current]!.window;
    const opens = window === undefined ? this.ctx.now : nextOpening(window, this.ctx.now);
    if (opens > this.ctx.now) {
      record.waiting = "window";
      record.waitingUntil = opens;
      this.emit(timerCommand(this.at, flow, flow.current, "window", opens - this.ctx.now, record.attempt + 1));
      return;
    }
    delete record.waiting;
    delete record.waitingUntil;
    this.send(flow);
  }

  /** The flow waited past its expiresAt: it ends expired, nothing of it was sent for the current step, and an alert says what it waited for. */
  expire(flow: FlowState): void {
    const what = waitedFor(this.state, flow);
    this.state.queue = this.state.queue.filter((queued) => queued !== flow.id);
    const record = flow.history[flow.current];
    if (record && !record.done) record.done = true;
    const detail = `expired at ${new Date(flow.expiresAt!).toISOString()} while waiting for ${what}; nothing more is sent`;
    this.alert(flow, flow.current, "flow-expired", { detail });
    this.finish(flow, "expired", detail);
  }

  send(flow: FlowState): void {
    const record = flow.history[flow.current]!;
    record.attempt += 1;
    record.refkey = refkeyFor(flow.id, flow.current, record.attempt);
    record.send = "dispatched";
    record.dispatchedAt = this.ctx.now;
    setOwn(this.state.refkeys, record.refkey, { instanceId: flow.id, step: flow.current, attempt: record.attempt });
    this.emit(sendCommand(this.at, flow, flow.current, record));
    this.emit({ type: "schedule", timer: timeoutTimer(this.at, flow, flow.current, record) });
    this.emit(flowEventCommand(this.at, flow, "step-dispatched", { refkey: record.refkey }));
  }

  completeStep(flow: FlowState): void {
    flow.history[flow.current]!.done = true;
    if (flow.current + 1 < flow.steps.length) this.beginStep(flow, flow.current + 1);
    else this.finish(flow, "completed");
  }

  finish(flow: FlowState, status: Exclude<FlowStatus, "scheduled" | "queued" | "running">, reason?: string): void {
    flow.status = status;
    flow.endedAt = this.ctx.now;
    if (reason) flow.reason = reason;
    this.emit(flowEventCommand(this.at, flow, status, status === "expired" && reason ? { reason } : {}));
    // Ended before its expiry: that timer could only come back stale.
    if (flow.expiresAt !== undefined && flow.expiresAt > this.ctx.now) this.emit({ type: "unschedule", timer: expiryTimer(this.at, flow) });
  }

  emit(command: Command): void {
    this.commands.push(command);
  }

  alert(flow: FlowState, step: number, kind: Alert["kind"], extra: { resultCode?: string; detail?: string }): void {
    this.emit(alertCommand(this.at, flow, step, kind, extra));
  }
}
