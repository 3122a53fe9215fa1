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
    }
  | { type: "cancel"; instanceId?: string; idempotencyKey?: string; reason?: string }
  | { type: "accepted"; refkey: string; messagekey: string }
  | { type: "rejected"; refkey: string; code: string; description: string }
  | { type: "ambiguous"; refkey: string; reason: string }
  | { type: "report"; refkey: string; result: string; media: string }
  | { type: "timer"; instanceId: string; step: number; attempt: number; kind: Timer["kind"] };

/** What the machine asks the adapter to do; the adapter turns them into Kafka messages and timers. */
export type Command =
  | { type: "dispatch"; dispatch: Dispatch }
  | { type: "schedule"; timer: Timer }
  | { type: "flow-event"; event: FlowEvent }
  | { type: "alert"; alert: Alert };

/** Why an event changed nothing; counted, logged, and (for input errors) sent to the dlq. */
export type Ignored =
  | "duplicate-start"
  | "unknown-instance"
  | "unknown-refkey"
  | "duplicate-report"
  | "late-report"
  | "stale-result"
  | "stale-timer"
  | "already-finished";

export interface Transition<S> {
  state: S;
  commands: Command[];
  ignored?: Ignored;
}
