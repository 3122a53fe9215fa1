import { TERMINAL, type SendStatus, type StepRecord } from "@sunseo/flow-state";
import { getOwn } from "./own.js";
import type { Run } from "./run.js";

/** Nothing more will be heard of these sends (or nothing more is waited for). */
const RESOLVED: ReadonlySet<SendStatus> = new Set(["none", "reported", "rejected", "abandoned", "given-up"]);

const isResolved = (record: StepRecord): boolean => RESOLVED.has(record.send);

/** Hands the recipient lane to the oldest waiting flow once its holder ended and none of its sends is still out. */
export function passLane(run: Run): void {
  const s = run.state;
  for (;;) {
    const holder = s.active === null ? undefined : getOwn(s.flows, s.active);
    if (holder && (!TERMINAL.has(holder.status) || !holder.history.every(isResolved))) return;
    s.active = null;
    const next = s.queue.shift();
    if (next === undefined) return;
    s.active = next;
    run.runFlow(getOwn(s.flows, next)!);
  }
}
