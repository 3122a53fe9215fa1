/** How often and how patiently a call is tried again: one shape for the gateway client and the alerter's sinks. */
export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  /** The wait after the first failure; it doubles per attempt. */
  baseMs: number;
  /** The longest wait. */
  maxMs: number;
}

/**
 * Exponential backoff with full jitter (AWS style): spreads retries of many callers over the
 * window. Pass `random: () => 1` for the plain doubling, capped.
 */
export function backoffDelay(attempt: number, { baseMs, maxMs }: Pick<RetryPolicy, "baseMs" | "maxMs">, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
