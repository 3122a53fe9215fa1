import type { Sleep } from "./deliver.js";

// Well inside the group's rebalance timeout (3 s): a rebalance during a long wait is noticed in time to rejoin.
const HEARTBEAT_EVERY_MS = 1_000;

/**
 * The waits between delivery attempts. Each one heartbeats the consumer group in slices, so
 * a long Retry-After does not cost the partition, and `stop` ends them all at once, so a
 * shutdown never sits out a backoff.
 */
export function createSleeper() {
  const wakers = new Set<() => void>();
  let stopped = false;
  const nap = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve(false);
      };
      const timer = setTimeout(() => {
        wakers.delete(wake);
        resolve(true);
      }, ms);
      wakers.add(wake);
    });
  return {
    sleep:
      (heartbeat?: () => Promise<void>): Sleep =>
      async (ms) => {
        for (let left = ms; left > 0; left -= HEARTBEAT_EVERY_MS) {
          if (stopped || !(await nap(Math.min(left, HEARTBEAT_EVERY_MS)))) return false;
          await heartbeat?.();
        }
        return !stopped;
      },
    stop(): void {
      stopped = true;
      for (const wake of [...wakers]) wake();
    },
  };
}
