import { describeResult } from "@sunseo/contracts";
import { maskPhone, maskPhonesInText } from "@sunseo/phone";
import type { FlowState, PhoneState, StepRecord } from "@sunseo/flow-state";
import { formatFields, formatTable, formatTime, type TimeZone } from "./table.js";

/**
 * What an operator sees of the sequencer's state: plain objects built from a PhoneState
 * (pure), printed as tables or as JSON. Phones, and free text that may hold one, are masked
 * unless the operator asked to see them.
 */

export interface ViewOptions {
  showPhone: boolean;
}

export interface ResultView {
  code: string;
  meaning: string;
  delivered: boolean;
}

/**
 * pending: not reached yet; not-sent: the flow ended before it; delaying: waiting for its
 * delay; waiting-window: held until its send window opens; else its outcome, or where its
 * message stands.
 */
export type StepStateView = "pending" | "not-sent" | "delaying" | "waiting-window" | NonNullable<StepRecord["outcome"]> | Exclude<StepRecord["send"], "none">;

export interface StepView {
  /** The step number as alerts and flow events name it (0-based). */
  step: number;
  name: string;
  template: string;
  await: "delivered" | "accepted";
  state: StepStateView;
  /** waiting-window: when the window opens. */
  waitingUntil?: string;
  attempt: number;
  refkey?: string;
  messagekey?: string;
  dispatchedAt?: string;
  acceptedAt?: string;
  deliveredAt?: string;
  results: ResultView[];
  fallback?: boolean;
}

export interface FlowView {
  id: string;
  flow: string;
  phone: string;
  lane: FlowState["lane"];
  status: FlowState["status"];
  /** "active" holds the phone's lane; "queued N" waits behind it (1 = next). */
  position?: string;
  currentStep: number;
  reason?: string;
  idempotencyKey?: string;
  traceId?: string;
  createdAt: string;
  requestedAt?: string;
  /** A scheduled flow's start time. */
  startAt?: string;
  /** A flow still waiting then ends expired. */
  expiresAt?: string;
  startedAt?: string;
  endedAt?: string;
  steps: StepView[];
}

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

function stepState(flow: FlowState, record: StepRecord | undefined): StepStateView {
  if (record === undefined) return flow.status === "scheduled" || flow.status === "queued" || flow.status === "running" ? "pending" : "not-sent";
  if (record.outcome) return record.outcome;
  if (record.send !== "none") return record.send;
  if (record.done) return "not-sent";
  return record.waiting === "window" ? "waiting-window" : "delaying";
}

function resultView(code: string): ResultView {
  const { meaning, delivered } = describeResult(code);
  return { code, meaning, delivered };
}

function position(state: PhoneState, id: string): string | undefined {
  if (state.active === id) return "active";
  const index = state.queue.indexOf(id);
  return index === -1 ? undefined : `queued ${index + 1}`;
}

export function flowView(phone: string, state: PhoneState, flow: FlowState, { showPhone }: ViewOptions): FlowView {
  const text = (value: string | undefined) => (value === undefined || showPhone ? value : maskPhonesInText(value));
  return {
    id: flow.id,
    flow: flow.flow,
    phone: showPhone ? phone : maskPhone(phone),
    lane: flow.lane,
    status: flow.status,
    ...optional("position", position(state, flow.id)),
    currentStep: flow.current,
    ...optional("reason", text(flow.reason)),
    ...optional("idempotencyKey", text(flow.idempotencyKey)),
    ...optional("traceId", flow.traceId),
    createdAt: iso(flow.createdAt)!,
    ...optional("requestedAt", iso(flow.requestedAt)),
    ...optional("startAt", iso(flow.startAt)),
    ...optional("expiresAt", iso(flow.expiresAt)),
    ...optional("startedAt", iso(flow.startedAt)),
    ...optional("endedAt", iso(flow.endedAt)),
    steps: flow.steps.map((step, i) => {
      const record = flow.history[i];
      return {
        step: i,
        name: step.name,
        template: step.message.templateCode,
        await: step.await,
        state: stepState(flow, record),
        ...optional("waitingUntil", record?.waiting === "window" && !record.done ? iso(record.waitingUntil) : undefined),
        attempt: record?.attempt ?? 0,
        ...optional("refkey", record?.refkey),
        ...optional("messagekey", record?.messagekey),
        ...optional("dispatchedAt", iso(record?.dispatchedAt)),
        ...optional("acceptedAt", iso(record?.acceptedAt)),
        ...optional("deliveredAt", iso(record?.deliveredAt)),
        results: (record?.results ?? []).map(resultView),
        ...optional("fallback", record?.fallback),
      };
    }),
  };
}

/** Every flow of one phone, oldest first. */
export function phoneFlowViews(phone: string, state: PhoneState, options: ViewOptions): FlowView[] {
  return Object.values(state.flows)
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
    .map((flow) => flowView(phone, state, flow, options));
}

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
