import { describeWindow } from "@sunseo/flows";
import type { FlowState, PhoneState } from "@sunseo/flow-state";

/**
 * What a flow that has sent nothing yet for its current step is waiting for, in words for
 * the alert of a flow that expired: its scheduled start, the recipient lane, a step's delay,
 * a send window, or the previous step's result (it became due only after its expiry).
 */
export function waitedFor(state: PhoneState, flow: FlowState): string {
  if (flow.status === "scheduled") return `its scheduled start at ${new Date(flow.startAt!).toISOString()}`;
  if (flow.status === "queued") return `the recipient lane${state.active === null ? "" : `, held by flow ${state.active}`}`;
  const step = flow.steps[flow.current]!;
  const record = flow.history[flow.current];
  const label = `step ${flow.current} (${step.name})`;
  if (record?.waiting === "window" && step.window) return `the send window of ${label}, ${describeWindow(step.window)}`;
  if (record?.waiting === "delay") return `the ${step.delayMs} ms delay before ${label}`;
  if (flow.current === 0) return `the recipient lane before ${label}`;
  return `the result of step ${flow.current - 1} before ${label}`;
}
