import { describeResult } from "@sunseo/contracts";
import { maskPhone, maskPhonesInText } from "@sunseo/phone";
import type { FlowState, PhoneState, StepRecord } from "./state.js";

/**
 * What an operator sees of the sequencer's state: plain objects built from a PhoneState
 * (pure), which the CLI prints as tables or JSON and the console renders as HTML. Phones, and
 * free text that may hold one, are masked unless the operator asked to see them.
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
