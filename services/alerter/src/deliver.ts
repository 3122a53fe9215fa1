import type { ChatMessage } from "./format.js";
import type { Sink } from "./sink.js";

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  /** Longest wait honoured; a Retry-After asking for more ends the delivery at once. */
  maxWaitMs: number;
}

export type Delivery = { ok: true; attempts: number } | { ok: false; attempts: number; reason: string };

/**
 * Posts one message to one sink with bounded retries: waits what a 429 asks (Retry-After),
 * backs off exponentially after 5xx and network errors, gives up at once on other 4xx.
 * `sleep` is injected so the caller can heartbeat Kafka while waiting (and tests need no clock).
 */
export async function deliver(sink: Sink, message: ChatMessage, policy: RetryPolicy, sleep: (ms: number) => Promise<void>): Promise<Delivery> {
  let reason = "not attempted";
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    const outcome = await sink.post(message);
    if (outcome.ok) return { ok: true, attempts: attempt };
    reason = `${sink.name}: ${outcome.reason}`;
    if (!outcome.retriable) return { ok: false, attempts: attempt, reason: `${reason} (not retriable)` };
    if (attempt === policy.maxAttempts) break;
    if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > policy.maxWaitMs) {
      return { ok: false, attempts: attempt, reason: `${reason}, Retry-After ${outcome.retryAfterMs} ms is over the ${policy.maxWaitMs} ms limit` };
    }
    await sleep(outcome.retryAfterMs ?? Math.min(policy.maxWaitMs, policy.baseDelayMs * 2 ** (attempt - 1)));
  }
  return { ok: false, attempts: policy.maxAttempts, reason: `${reason} after ${policy.maxAttempts} attempts` };
}
