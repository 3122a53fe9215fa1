import { formatFields, formatTable, formatTime, type TimeZone } from "./table.js";
import type { FlowView, ResultView, StepView } from "@sunseo/flow-state";

/** The CLI's printing of the flow views built in @sunseo/flow-state (shared with the console). */

export { flowView, phoneFlowViews, type FlowView, type StepView } from "@sunseo/flow-state";

/** The views hold ISO UTC (JSON keeps it); tables show the operator's zone. */
const shown = (isoTime: string | undefined, zone: TimeZone): string | undefined => formatTime(isoTime === undefined ? undefined : Date.parse(isoTime), zone);

const resultCell = (results: readonly ResultView[]): string | undefined => {
  const last = results.at(-1);
  if (last === undefined) return undefined;
  const codes = results.map((r) => r.code).join(",");
  return `${codes} ${last.meaning}${last.delivered ? "" : " (failed)"}`;
};

const stateCell = (step: StepView, zone: TimeZone): string => {
  if (step.waitingUntil !== undefined) return `${step.state} until ${shown(step.waitingUntil, zone)}`;
  return step.fallback ? `${step.state} (fallback)` : step.state;
};

/** running (active), queued (queued 2), scheduled for <time>. */
const statusCell = (flow: FlowView, zone: TimeZone): string => {
  if (flow.status === "scheduled" && flow.startAt !== undefined) return `scheduled for ${shown(flow.startAt, zone)}`;
  return flow.position ? `${flow.status} (${flow.position})` : flow.status;
};

/** One table for a phone: a row per step, the flow's columns filled on its first step only. */
export function renderPhoneFlows(phone: string, flows: readonly FlowView[], zone: TimeZone): string {
  if (flows.length === 0) return `no flows for ${phone}`;
  const rows = flows.flatMap((flow) => {
    const head = [flow.id, flow.flow, statusCell(flow, zone)];
    const blank = head.map(() => "");
    return flow.steps.map((step, i) => [
      ...(i === 0 ? head : blank),
      step.step,
      step.name,
      stateCell(step, zone),
      shown(step.dispatchedAt, zone),
      shown(step.deliveredAt ?? step.acceptedAt, zone),
      resultCell(step.results),
    ]);
  });
  const summary = `${phone}: ${flows.length} flow${flows.length === 1 ? "" : "s"}`;
  return `${summary}\n\n${formatTable(["INSTANCE", "FLOW", "STATUS", "#", "STEP", "STATE", "SENT", "DONE", "RESULT"], rows)}`;
}

/** One flow in detail: its fields, then a row per step with every time, code and key. */
export function renderFlowDetail(flow: FlowView, zone: TimeZone): string {
  const fields = formatFields([
    ["instance", flow.id],
    ["flow", flow.flow],
    ["phone", flow.phone],
    ["lane", flow.lane],
    ["status", statusCell(flow, zone)],
    ["reason", flow.reason],
    ["current step", flow.currentStep],
    ["idempotency key", flow.idempotencyKey],
    ["trace id", flow.traceId],
    ["created", shown(flow.createdAt, zone)],
    ["requested", shown(flow.requestedAt, zone)],
    ["scheduled for", shown(flow.startAt, zone)],
    ["expires", shown(flow.expiresAt, zone)],
    ["started", shown(flow.startedAt, zone)],
    ["ended", shown(flow.endedAt, zone)],
  ]);
  const steps = formatTable(
    ["#", "STEP", "TEMPLATE", "AWAIT", "STATE", "ATTEMPT", "REFKEY", "SENT", "ACCEPTED", "DELIVERED", "RESULT"],
    flow.steps.map((step) => [
      step.step,
      step.name,
      step.template,
      step.await,
      stateCell(step, zone),
      step.attempt,
      step.refkey,
      shown(step.dispatchedAt, zone),
      shown(step.acceptedAt, zone),
      shown(step.deliveredAt, zone),
      resultCell(step.results),
    ]),
  );
  return `${fields}\n\n${steps}`;
}
