import { FlowStartFailedError, type FlowClient } from "@sunseo/flow-client";
import type { PlannedStart } from "@sunseo/demo";

export interface LoadResult {
  started: number;
  cancelled: number;
  /** Starts Kafka had not acknowledged when the load gave up on them (not expected: it retries for minutes). */
  unacknowledged: PlannedStart[];
  /** Produce attempts that failed and were retried with the same idempotency key. */
  retries: number;
}

export interface Load {
  /** Starts handed to the client so far. */
  issued(): number;
  /** Issues no more starts, and retries no failed one. */
  stop(): void;
  done: Promise<LoadResult>;
}

const RETRY_PAUSE_MS = 1_000;
const GIVE_UP_AFTER_MS = 5 * 60_000;

/**
 * Starts the plan at an even pace over spanMs, as domain services would through the
 * flow-client, and cancels the planned ones midway. A start Kafka did not acknowledge (the
 * broker is down) is retried with the same idempotency key, as the client's README says,
 * so the flow starts once.
 */
export function startLoad({ client, plan, spanMs }: { client: FlowClient; plan: readonly PlannedStart[]; spanMs: number }): Load {
  let issued = 0;
  let stopped = false;
  let retries = 0;
  let cancelled = 0;
  const unacknowledged: PlannedStart[] = [];

  const persist = async (what: () => Promise<unknown>): Promise<boolean> => {
    const deadline = Date.now() + GIVE_UP_AFTER_MS;
    for (;;) {
      try {
        await what();
        return true;
      } catch (err) {
        // Anything else (an invalid request) is a bug in the campaign: let it surface.
        if (!(err instanceof FlowStartFailedError) && !isKafkaError(err)) throw err;
        if (stopped || Date.now() > deadline) return false;
        retries += 1;
        await new Promise((r) => setTimeout(r, RETRY_PAUSE_MS));
      }
    }
  };

  const one = async (p: PlannedStart): Promise<void> => {
    const acknowledged = await persist(() => client.startFlow({ flow: p.flow, phone: p.phone, variables: p.variables, idempotencyKey: p.idempotencyKey }));
    if (!acknowledged) {
      unacknowledged.push(p);
      return;
    }
    if (p.cancelAfterMs === undefined) return;
    await new Promise((r) => setTimeout(r, p.cancelAfterMs));
    if (await persist(() => client.cancelFlow({ phone: p.phone, idempotencyKey: p.idempotencyKey, reason: "chaos: cancelled midway" }))) cancelled += 1;
  };

  const done = (async () => {
    const began = Date.now();
    const running: Promise<void>[] = [];
    for (const [i, p] of plan.entries()) {
      const wait = began + (i * spanMs) / plan.length - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (stopped) break;
      issued += 1;
      running.push(one(p));
    }
    await Promise.all(running);
    return { started: issued - unacknowledged.length, cancelled, unacknowledged, retries };
  })();

  return { issued: () => issued, stop: () => (stopped = true), done };
}

/** kafkajs errors of a cancel (the client wraps only starts in FlowStartFailedError). */
const isKafkaError = (err: unknown): boolean => err instanceof Error && err.name.startsWith("Kafka");
