import type { RenderedStep } from "@sunseo/flows";

/**
 * Everything the sequencer knows about one recipient phone, stored as one document under a
 * key hash-tagged by the phone: the lane, every flow to this phone (active and recently
 * finished), the refkeys they sent with, and the idempotency keys that started them.
 * One document per phone keeps each transition a single atomic compare-and-set.
 *
 * The maps are keyed by outside input (idempotency keys, refkeys from reports): look keys
 * up with Object.hasOwn (the sequencer's machine/own.ts), so a key like `constructor` or
 * `__proto__` is just a key.
 */
export interface PhoneState {
  /**
   * The flow holding the "recipient" lane; the others in `queue` wait for it. A flow keeps
   * the lane after it ended until none of its sends can still reach the phone.
   */
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

/** scheduled: accepted, waiting for its startAt, not yet in the lane's queue. expired: ended while waiting, nothing more sent. */
export type FlowStatus = "scheduled" | "queued" | "running" | "completed" | "failed" | "timed_out" | "cancelled" | "expired";

/** A flow in one of these has ended; nothing changes its status again. */
export const TERMINAL: ReadonlySet<FlowStatus> = new Set(["completed", "failed", "timed_out", "cancelled", "expired"]);

/**
 * Where a step's message stands between us, the dispatcher and the gateway. The flow's
 * progress is separate (`StepRecord.done`): a flow may move past a step, or end, while its
 * message is still out.
 */
export type SendStatus =
  /** Not dispatched: waiting for its delay or its send window (`waiting`), or the flow ended before it. */
  | "none"
  /** The dispatch command is written; the dispatcher may not have claimed it yet. */
  | "dispatched"
  /** The dispatcher claimed it, so the request may be on the wire; no acceptance yet. */
  | "claimed"
  /** The gateway took it (code 1000); its delivery report is pending. */
  | "accepted"
  /** The report is overdue; the gateway was asked to push it again. */
  | "report-requested"
  /** A delivery report arrived (delivered or failed). */
  | "reported"
  /** The gateway refused it: it never reached the phone. */
  | "rejected"
  /** Abandoned before the dispatcher claimed it: it never left. */
  | "abandoned"
  /** Neither acceptance nor report after every re-request: no longer awaited. */
  | "given-up";

export interface StepRecord {
  name: string;
  attempt: number;
  send: SendStatus;
  /** The flow has moved past this step, or ended on it. */
  done: boolean;
  /** Grace rounds started after the step's timeout (report re-requests, or waiting for the dispatcher). */
  rounds: number;
  /** While not dispatched: what holds it back (its delay, or its send window until `waitingUntil`). */
  waiting?: "delay" | "window";
  waitingUntil?: number;
  refkey?: string;
  messagekey?: string;
  dispatchedAt?: number;
  acceptedAt?: number;
  deliveredAt?: number;
  /** The RESULT codes received for this step, in order (duplicates recognised by refkey + result). */
  results: string[];
  fallback?: boolean;
  outcome?: "delivered" | "accepted" | "failed" | "rejected" | "timed_out";
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
  /** When the start was requested (the flow-start's requestedAt), if it said. */
  requestedAt?: number;
  /** A scheduled flow's start time (it joins the lane then). */
  startAt?: number;
  /** A flow still waiting at this time ends expired (the start's expiresAt, or the flow's maxDuration after its start). */
  expiresAt?: number;
  startedAt?: number;
  endedAt?: number;
  reason?: string;
}

export const emptyPhoneState = (): PhoneState => ({ active: null, queue: [], flows: {}, refkeys: {}, idempotency: {} });
