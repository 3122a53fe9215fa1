import { backoffDelay, type RetryPolicy } from "@sunseo/runtime";
import type { ChatMessage } from "./format.js";
import type { Sink } from "./sink.js";

/** One alerter posts in order, so its waits need no jitter: plain doubling, capped. */
const noJitter = () => 1;

/**
 * Resolves true after `ms`, or false as soon as the alerter is stopping: then no further
 * attempt is made and the alert stays uncommitted for the next member.
 */
export type Sleep = (ms: number) => Promise<boolean>;

/** `stopped`: cut short by shutdown, so neither delivered nor given up on (not dead-lettered). */
export type Delivery = { ok: true; attempts: number } | { ok: false; attempts: number; reason: string; stopped: boolean };

/**
 * Posts one message to one sink with bounded retries: waits what a 429 asks (Retry-After, up to
 * `policy.maxMs`; a longer one ends the delivery at once),
 * backs off exponentially after 5xx and network errors, gives up at once on other 4xx.
 * `sleep` is injected so the caller can heartbeat Kafka while waiting and cut the waits short
 * at shutdown (and tests need no clock); `signal` aborts a request in flight at shutdown.
 */
export async function deliver(sink: Sink, message: ChatMessage, policy: RetryPolicy, sleep: Sleep, signal?: AbortSignal): Promise<Delivery> {
  let reason = "not attempted";
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    const outcome = await sink.post(message, signal);
    if (outcome.ok) return { ok: true, attempts: attempt };
    reason = `${sink.name}: ${outcome.reason}`;
    if (signal?.aborted) return { ok: false, attempts: attempt, reason: `${reason} (stopping)`, stopped: true };
    if (!outcome.retriable) return { ok: false, attempts: attempt, reason: `${reason} (not retriable)`, stopped: false };
    if (attempt === policy.attempts) break;
    if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > policy.maxMs) {
      return { ok: false, attempts: attempt, reason: `${reason}, Retry-After ${outcome.retryAfterMs} ms is over the ${policy.maxMs} ms limit`, stopped: false };
    }
    const slept = await sleep(outcome.retryAfterMs ?? backoffDelay(attempt, policy, noJitter));
    if (!slept) return { ok: false, attempts: attempt, reason: `${reason} (stopping before a retry)`, stopped: true };
  }
  return { ok: false, attempts: policy.attempts, reason: `${reason} after ${policy.attempts} attempts`, stopped: false };
}
