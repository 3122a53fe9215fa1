import type { Redis } from "./client.js";
import { RedisDataLostError } from "./errors.js";
import { epochKey, epochScripts, type EpochTickReply } from "./epoch-scripts.js";
import { markerKey, recordedMarkers } from "./epoch-shards.js";

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
  // Per key: the epoch, and on Cluster its marker on each master (epoch-shards.ts).
  const lastTicks = new Map<string, number>();
  let lost = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  async function tick(keys: string[]): Promise<[string, EpochTickReply][]> {
    const replies = await Promise.all(keys.map((k) => scripts.epochTick(k, id, String(lastTicks.get(k) ?? 0))));
    return keys.map((k, i) => [k, replies[i]!]);
  }

  async function check(): Promise<void> {
    let replies: [string, EpochTickReply][];
    try {
      replies = await tick([key]);
      if (replies[0]![1][0] === "intact") replies = [...replies, ...(await tick((await recordedMarkers(redis, prefix)).map((n) => markerKey(prefix, n))))];
    } catch (err) {
      onError?.(err);
      return;
    }
    for (const [k, [status, detail]] of replies) {
      if (status === "intact") {
        lastTicks.set(k, Number(detail));
        continue;
      }
      lost = true;
      onLost(
        new RedisDataLostError(status, {
          key: k,
          expectedId: id,
          ...(status === "replaced" ? { foundId: detail } : {}),
          ...(status === "went-back" ? { detail } : {}),
        }),
      );
      return;
    }
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
