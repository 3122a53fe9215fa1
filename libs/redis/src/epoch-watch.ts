import type { Redis } from "./client.js";
import { RedisDataLostError } from "./errors.js";
import { epochKey, epochScripts, type EpochTickReply } from "./epoch-scripts.js";

export interface WatchEpochOptions {
  /** Pause between checks; default 1000. */
  intervalMs?: number;
  /** Called once, at the first check that finds the epoch missing, replaced or gone back. */
  onLost(err: RedisDataLostError): void;
  /**
   * A check that could not run (Redis unreachable, a command timed out). Not a loss: whether
   * Redis kept its data is known once it answers again. Readiness checks `redis.status` for that.
   */
  onError?(err: unknown): void;
}

export interface EpochWatch {
  /** False for good once a loss was seen: the service stays unready until restarted after recovery. */
  isIntact(): boolean;
  stop(): void;
}

/**
 * Readiness's half of loss detection: checks the epoch every interval, even while no batch runs,
 * and counts its `ticks` up so a failover to a replica that missed writes shows as the counter
 * going back. Checks never overlap (the next is scheduled after the previous answered).
 */
export function watchEpoch(redis: Redis, prefix: string, id: string, { intervalMs = 1000, onLost, onError }: WatchEpochOptions): EpochWatch {
  const key = epochKey(prefix);
  const scripts = epochScripts(redis);
  let lastTicks = 0;
  let lost = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  async function check(): Promise<void> {
    let reply: EpochTickReply;
    try {
      reply = await scripts.epochTick(key, id, String(lastTicks));
    } catch (err) {
      onError?.(err);
      return;
    }
    const [status, detail] = reply;
    if (status === "intact") {
      lastTicks = Number(detail);
      return;
    }
    lost = true;
    onLost(
      new RedisDataLostError(status, {
        key,
        expectedId: id,
        ...(status === "replaced" ? { foundId: detail } : {}),
        ...(status === "went-back" ? { detail } : {}),
      }),
    );
  }

  function schedule(delayMs: number): void {
    if (stopped || lost) return;
    // A forgotten watcher must not keep the process alive.
    timer = setTimeout(() => void check().finally(() => schedule(intervalMs)), delayMs).unref();
  }

  schedule(0);
  return {
    isIntact: () => !lost,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
