/**
 * Waits that shutdown cuts short: a command retrying in place (a Redis or Kafka outage, a
 * gateway backoff) must not hold up stop(), and must not start another attempt after it.
 */
export interface StoppableWait {
  /** Resolves true after `ms`, or false at once if stopping (then the caller gives up). */
  wait(ms: number): Promise<boolean>;
  isStopping(): boolean;
  /** Wakes every waiter with false; later waits return false at once. */
  stop(): void;
}

export function createStoppableWait(): StoppableWait {
  const sleepers = new Set<() => void>();
  let stopping = false;
  return {
    wait: (ms) =>
      new Promise<boolean>((resolve) => {
        if (stopping) return resolve(false);
        const wake = () => {
          clearTimeout(timer);
          sleepers.delete(wake);
          resolve(false);
        };
        const timer = setTimeout(() => {
          sleepers.delete(wake);
          resolve(true);
        }, ms);
        sleepers.add(wake);
      }),
    isStopping: () => stopping,
    stop() {
      stopping = true;
      for (const wake of [...sleepers]) wake();
    },
  };
}
