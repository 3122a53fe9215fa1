import type { Alert, Dispatch, FlowEvent, Timer } from "@sunseo/contracts";
import type { RenderedStep } from "@sunseo/flows";

/** What happens to a phone, already validated and resolved against the catalog by the adapter. */
export type MachineEvent =
  | {
      type: "start";
      instanceId: string;
      flow: string;
      lane: "recipient" | "none";
      steps: RenderedStep[];
      idempotencyKey?: string;
      traceId?: string;
      /** Epoch ms, from the flow-start. */
      requestedAt?: number;
      startAt?: number;
      expiresAt?: number;
      /** From the catalog's flow. */
      maxStartDelayMs?: number;
      maxDurationMs?: number;
    }
  | { type: "cancel"; instanceId?: string; idempotencyKey?: string; reason?: string }
  | { type: "accepted"; refkey: string; messagekey: string }
  | { type: "rejected"; refkey: string; code: string; description: string }
  | { type: "ambiguous"; refkey: string; reason: string }
  | { type: "window-closed"; refkey: string }
  | { type: "report"; refkey: string; result: string; media: string }
  | { type: "timer"; instanceId: string; step: number; attempt: number; kind: Timer["kind"]; round?: number };

/** What the machine asks the adapter to do; the adapter turns them into Kafka messages, timers and Redis writes. */
export type Command =
  | { type: "dispatch"; dispatch: Dispatch }
  | { type: "schedule"; timer: Timer }
  /** A scheduled timer that can no longer matter (the step's report came before its timeout): drop it before it fires. */
  | { type: "unschedule"; timer: Timer }
  | { type: "flow-event"; event: FlowEvent }
  | { type: "alert"; alert: Alert }
  /**
   * Mark this send abandoned in the refkey ledger, atomically with the state write, unless
   * the dispatcher claimed it first: then the write is refused and the machine runs again
   * knowing the refkey is claimed (MachineContext.claimed).
   */
  | { type: "abandon"; refkey: string };

/** Why an event changed nothing (or only recorded something); counted, logged, and for input errors dead-lettered. */
export type Ignored =
  | "duplicate-start"
  | "unknown-instance"
  | "unknown-refkey"
  | "duplicate-report"
  | "late-report"
  | "stale-result"
  | "stale-timer"
  | "already-finished"
  /** Seen too late (maxStartDelay) or past its expiresAt: recorded as expired, dead-lettered as STALE_START. */
  | "stale-start";

/** Ignored events that changed nothing at all: the adapter need not write anything for them. */
export const NO_CHANGE: ReadonlySet<Ignored> = new Set([
  "duplicate-start",
  "unknown-instance",
  "unknown-refkey",
  "duplicate-report",
  "stale-timer",
  "already-finished",
]);

export interface Transition<S> {
  state: S;
  commands: Command[];
  ignored?: Ignored;
}
