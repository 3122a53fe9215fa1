import type { InfraState } from "./state.js";

/**
 * What to record after `up`: what this call uses, except that a server an earlier `up` started
 * and that still runs stays on record while this call uses another one (KAFKA_BROKERS or
 * REDIS_URL set, pointing at it or elsewhere). Dropping it would leave `infra:down` unable to
 * stop a broker this checkout started.
 */
export function stateToRecord(previous: InfraState | undefined, now: InfraState, stillRunning: (pid: number) => boolean): InfraState {
  const ours = <C extends { mode: string; pid?: number }>(before: C | undefined, current: C): C =>
    current.mode !== "local" && before?.mode === "local" && before.pid !== undefined && stillRunning(before.pid) ? before : current;
  return { kafka: ours(previous?.kafka, now.kafka), redis: ours(previous?.redis, now.redis) };
}
