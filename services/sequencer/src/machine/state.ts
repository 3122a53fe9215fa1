import type { RenderedStep } from "@sunseo/flows";

/**
 * Everything the sequencer knows about one recipient phone, stored as one document under a
 * key hash-tagged by the phone: the lane, every flow to this phone (active and recently
 * finished), the refkeys they sent with, and the idempotency keys that started them.
 * One document per phone keeps each transition a single atomic compare-and-set.
 */
export interface PhoneState {
  /** The flow holding the "recipient" lane; the others in `queue` wait for it to end. */
  active: string | null;
  queue: string[];
  flows: Record<string, FlowState>;
  /** refkey -> the send it identifies. Reports and dispatch results find their step through it. */
  refkeys: Record<string, RefkeyEntry>;
  /** idempotency key -> instance id, so a repeated start never starts a second flow. */
  idempotency: Record<string, string>;
}

export interface RefkeyEntry {
  instanceId: string;
  step: number;
  attempt: number;
}

export type FlowStatus = "queued" | "running" | "completed" | "failed" | "timed_out" | "cancelled";

export const TERMINAL: ReadonlySet<FlowStatus> = new Set(["completed", "failed", "timed_out", "cancelled"]);

/** Where the current step stands. */
export type StepPhase =
  | "delaying" // waiting for the step's delay timer
  | "sent" // dispatched, waiting for the gateway's acceptance (and then the report)
  | "accepted" // the gateway took it (code 1000), waiting for the delivery report
  | "report-requested" // the report is overdue; asked the gateway to push it again
  | "done";

export interface StepRecord {
  name: string;
  phase: StepPhase;
  attempt: number;
  refkey?: string;
  messagekey?: string;
  dispatchedAt?: number;
  acceptedAt?: number;
  deliveredAt?: number;
  /** The RESULT codes received for this step, in order (duplicates recognised by refkey + result). */
  results: string[];
  fallback?: boolean;
  outcome?: "delivered" | "accepted" | "failed" | "rejected" | "timed_out" | "skipped";
}

export interface FlowState {
  id: string;
  flow: string;
  lane: "recipient" | "none";
  status: FlowStatus;
  /** The steps rendered at start: a catalog change never alters a running flow. */
  steps: RenderedStep[];
  current: number;
  history: StepRecord[];
  idempotencyKey?: string;
  traceId?: string;
  createdAt: number;
  startedAt?: number;
  endedAt?: number;
  reason?: string;
}

export const emptyPhoneState = (): PhoneState => ({ active: null, queue: [], flows: {}, refkeys: {}, idempotency: {} });
