import { RedisDataLostError } from "@sunseo/redis";

/** The dispatcher is stopping: the command is left uncommitted for the partition's next owner. */
export class DispatcherStopping extends Error {
  readonly retriable = true;
  constructor(readonly what: string) {
    super(`dispatcher stopping during ${what}`);
    this.name = "DispatcherStopping";
  }
}

export interface InfraRetry {
  /**
   * Runs a Redis or Kafka call until it succeeds: an outage only delays the command, and
   * its offset is committed once it is through. Stops with DispatcherStopping when the
   * dispatcher stops, and lets RedisDataLostError through (no retry can cure it).
   */
  <T>(what: string, call: () => Promise<T>): Promise<T>;
  /** A call has been failing for a while: readiness says so. */
  readonly failing: boolean;
}

export function createInfraRetry({
  isStopping,
  wait,
  onFailure,
  maxDelayMs = 5_000,
}: {
  isStopping: () => boolean;
  /** Resolves false when the dispatcher stops meanwhile. */
  wait: (ms: number) => Promise<boolean>;
  onFailure: (what: string, err: Error, attempt: number) => void;
  maxDelayMs?: number;
}): InfraRetry {
  let failingCalls = 0;
  const retry = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      if (isStopping()) throw new DispatcherStopping(what);
      try {
        const value = await call();
        if (attempt > 1) failingCalls -= 1;
        return value;
      } catch (err) {
        if (err instanceof RedisDataLostError || err instanceof DispatcherStopping) {
          if (attempt > 1) failingCalls -= 1;
          throw err;
        }
        if (attempt === 1) failingCalls += 1;
        onFailure(what, err as Error, attempt);
        if (!(await wait(Math.min(maxDelayMs, 50 * 2 ** Math.min(attempt, 7))))) {
          failingCalls -= 1;
          throw new DispatcherStopping(what);
        }
      }
    }
  };
  return Object.defineProperty(retry, "failing", { get: () => failingCalls > 0 }) as InfraRetry;
}
