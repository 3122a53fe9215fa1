import { getOwn } from "./own.js";
import type { PhoneState } from "@sunseo/flow-state";

/**
 * Forgets finished flows older than the retention, with their refkeys and idempotency keys.
 * The flow holding the lane is kept whatever its age: forgetting it would free the lane
 * while one of its sends may still reach the phone.
 */
export function prune(state: PhoneState, now: number, retentionMs: number): void {
  for (const flow of Object.values(state.flows)) {
    if (flow.endedAt === undefined || now - flow.endedAt < retentionMs || state.active === flow.id) continue;
    delete state.flows[flow.id];
    if (flow.idempotencyKey && getOwn(state.idempotency, flow.idempotencyKey) === flow.id) delete state.idempotency[flow.idempotencyKey];
  }
  for (const [refkey, entry] of Object.entries(state.refkeys)) if (!Object.hasOwn(state.flows, entry.instanceId)) delete state.refkeys[refkey];
}
