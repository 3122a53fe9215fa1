import type { PhoneState } from "@sunseo/flow-state";
import type { MachineContext } from "./context.js";
import type { Ignored, MachineEvent, Transition } from "./events.js";
import { cancel, start } from "./flow-events.js";
import { gatewayEvent } from "./gateway-events.js";
import { passLane } from "./lane.js";
import { prune } from "./retention.js";
import { Run } from "./run.js";
import { timer } from "./timer-events.js";

export type { MachineContext } from "./context.js";

/**
 * The sequencer's decisions: (phone state, event) -> (new state, commands). Pure: no I/O,
 * no clock (ctx.now is given), the input state is never modified. Every guarantee of
 * sunseo is decided here and property-tested in machine.property.test.ts.
 *
 * Two rules keep the phone's order when a step is left early (timeout, cancel,
 * `onTimeout: continue`): a step still in the dispatch queue is abandoned atomically with
 * this transition, so the dispatcher never sends it later; one the dispatcher already
 * claimed is waited for. And a flow keeps the recipient lane after it ended until none of
 * its sends can still reach the phone (reported, refused, abandoned, or given up on).
 *
 * Time rules are decided here too, from ctx.now: a step is released only inside its send
 * window (else a `window` timer waits for it to open), a start with a future startAt is
 * `scheduled` and joins the lane at that time, a start seen later than its flow's
 * maxStartDelay is recorded `expired` and never runs, and a flow still waiting at its
 * expiresAt ends `expired` (waiting.ts says what it waited for).
 *
 * Each kind of event has its file (flow-events, gateway-events, timer-events); run.ts holds
 * the step and flow lifecycle they share, lane.ts who holds the recipient lane, and
 * commands.ts what each command carries.
 */
export function apply(previous: PhoneState, event: MachineEvent, ctx: MachineContext): Transition<PhoneState> {
  const state = structuredClone(previous);
  prune(state, ctx.now, ctx.retentionMs);
  const run = new Run(state, ctx);
  const ignored = handle(run, event);
  passLane(run);
  // An ignored event may still be recorded (a late report's result), so the new state is kept.
  return ignored ? { state, commands: run.commands, ignored } : { state, commands: run.commands };
}

function handle(run: Run, event: MachineEvent): Ignored | undefined {
  switch (event.type) {
    case "start":
      return start(run, event);
    case "cancel":
      return cancel(run, event);
    case "timer":
      return timer(run, event);
    default:
      return gatewayEvent(run, event);
  }
}
