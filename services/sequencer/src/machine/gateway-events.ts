import { describeResult } from "@sunseo/contracts";
import type { FlowState, StepRecord } from "@sunseo/flow-state";
import { flowEventCommand } from "./commands.js";
import type { Ignored, MachineEvent } from "./events.js";
import { getOwn } from "./own.js";
import type { Run } from "./run.js";

type GatewayEvent = Extract<MachineEvent, { refkey: string }>;

/** What the dispatcher or the gateway said about one send (found by its refkey). */
export function gatewayEvent(run: Run, e: GatewayEvent): Ignored | undefined {
  const entry = getOwn(run.state.refkeys, e.refkey);
  const flow = entry ? getOwn(run.state.flows, entry.instanceId) : undefined;
  const record = entry ? flow?.history[entry.step] : undefined;
  if (!entry || !flow || !record) return "unknown-refkey";
  if (record.attempt !== entry.attempt) return "stale-result";
  const step = entry.step;

  switch (e.type) {
    case "accepted": {
      if (record.messagekey === e.messagekey) return "stale-result";
      // Kept even when the report came first: the re-request path needs the messagekey.
      record.messagekey = e.messagekey;
      record.acceptedAt ??= run.ctx.now;
      if (record.send !== "dispatched" && record.send !== "claimed") return "stale-result";
      record.send = "accepted";
      if (!run.progressing(flow, step)) return undefined;
      run.emit(flowEventCommand(run.at, flow, "step-accepted", { refkey: e.refkey }));
      if (flow.steps[step]!.await === "accepted") {
        record.outcome = "accepted";
        run.completeStep(flow);
      }
      return undefined;
    }
    case "rejected":
      if (record.send !== "dispatched" && record.send !== "claimed") return "stale-result";
      record.send = "rejected";
      run.dropTimeout(flow, step, record);
      if (!run.progressing(flow, step)) return undefined;
      record.outcome = "rejected";
      record.done = true;
      run.alert(flow, step, "step-rejected", { resultCode: e.code, detail: e.description });
      run.finish(flow, "failed", `rejected by the gateway: ${e.code} ${e.description}`);
      return undefined;
    case "ambiguous":
      // Never resent blindly: the report or the timeout decides what happened.
      if (record.send !== "dispatched") return "stale-result";
      record.send = "claimed";
      return undefined;
    case "window-closed":
      // Nothing was sent: the step waits for its window's next opening and goes out then, as a new attempt.
      if (record.send !== "dispatched") return "stale-result";
      run.dropTimeout(flow, step, record);
      record.send = "none";
      if (!run.progressing(flow, step)) return undefined;
      run.release(flow);
      return undefined;
    case "report":
      return report(run, flow, step, record, e);
  }
}

function report(run: Run, flow: FlowState, step: number, record: StepRecord, e: Extract<MachineEvent, { type: "report" }>): Ignored | undefined {
  if (record.results.includes(e.result)) return "duplicate-report";
  record.results.push(e.result);
  const result = describeResult(e.result);
  const awaited = record.send === "dispatched" || record.send === "claimed" || record.send === "accepted" || record.send === "report-requested";
  if (awaited) {
    record.send = "reported";
    run.dropTimeout(flow, step, record);
  }
  if (!awaited || !run.progressing(flow, step)) {
    // A step we moved on from (awaited acceptance only) failed after all: a person must know.
    if (!result.delivered && record.outcome === "accepted") run.alert(flow, step, "step-failed", { resultCode: e.result });
    return "late-report";
  }
  if (result.delivered) {
    record.outcome = "delivered";
    record.deliveredAt = run.ctx.now;
    record.fallback = e.media !== "KAT";
    run.emit(flowEventCommand(run.at, flow, "step-delivered", { refkey: e.refkey, resultCode: e.result, fallback: record.fallback }));
    run.completeStep(flow);
  } else {
    record.outcome = "failed";
    record.done = true;
    run.alert(flow, step, "step-failed", { resultCode: e.result });
    run.finish(flow, "failed", `delivery failed: ${e.result} ${result.meaning}`);
  }
  return undefined;
}
